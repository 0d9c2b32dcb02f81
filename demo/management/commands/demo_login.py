from django.conf import settings
from django.core.management.base import BaseCommand

from demo.services import ensure_demo_users


class Command(BaseCommand):
    help = "In cách đăng nhập trang quản trị demo. Print how to sign in to the demo admin."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        base = f"http://{options['host']}:{options['port']}"
        lines = ["", "=" * 72,
                 f"  Trang công khai / Public site:  {base}/",
                 f"  Trang quản trị / Admin:         {base}/{settings.ADMIN_PATH}",
                 f"  Đăng nhập trên trang / Sign in: {base}/dang-nhap/"]
        for username, role, password in ensure_demo_users():
            lines.append(f"  Tài khoản / Username: {username:9} ({role})")
            if password:
                lines.append(f"    Mật khẩu / Password: {password}")
            else:
                lines.append("    Mật khẩu đã được đổi; đặt lại bằng / password was changed; reset:")
                lines.append(f"    .venv/bin/python manage.py changepassword {username}")
        lines += [f"  (lưu trong / kept in {settings.VAR_DIR}/demo-credentials.json)", "=" * 72, ""]
        self.stdout.write("\n".join(lines))
