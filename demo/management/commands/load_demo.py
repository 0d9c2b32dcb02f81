from django.core.management.base import BaseCommand

from demo.services import SEED_FILE, build_pending_article, ensure_demo_users, load_demo


class Command(BaseCommand):
    help = ("Tạo trang demo của Sở KH&CN tỉnh Hậu Giang (chạy lại nhiều lần không tạo trùng). "
            "Load the demo site (idempotent).")

    def handle(self, *args, **options):
        result = load_demo()
        ensure_demo_users()
        build_pending_article()
        self.stdout.write(f"Trang demo sẵn sàng: {result['created']} bài viết mới được tạo.")
        if result["seed"] is not None:
            self.stdout.write(f"Bài viết nhập từ cổng cũ: {result['seed'].get_url()}")
        else:
            self.stdout.write(f"Không thấy trang mẫu của cổng cũ ({SEED_FILE}): bỏ qua bước nhập.")
