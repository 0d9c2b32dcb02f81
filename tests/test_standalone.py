"""The repository stands alone: a copy of its files with nothing beside it builds the whole demo
(the old portal's seed article included) and passes the tests that read the seed page.

The copy holds exactly the files git tracks, as they are in the work tree now, so a file that
lives outside the repository, or that was never added, is missing there."""

import shutil
import subprocess
import sys

import pytest

from .servers import ROOT, manage, server_env


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """The tracked files, copied to <tmp>/alone/vnportal: the folder beside it is empty."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    target = tmp_path_factory.mktemp("alone") / "vnportal"
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    assert not any(target.parent.glob("shared")), "the clone must have nothing beside it"
    return target


def test_a_clone_alone_passes_the_tests_that_read_the_seed_page(clone, tmp_path, monkeypatch):
    """test_demo, run in the clone, loads the whole demo and reads the seed article through
    it (a separate `manage.py load_demo` in the clone would take another minute); the
    development settings that `make run` uses load there too."""
    monkeypatch.setattr("tests.servers.ROOT", clone)
    result = manage(server_env(tmp_path / "dev"), "check")
    assert "no issues" in result.stdout, result.stdout + result.stderr
    env = server_env(tmp_path / "var", DJANGO_SETTINGS_MODULE="vnportal.settings.test")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         "tests/test_importer.py", "tests/test_demo.py"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "error" not in result.stdout.splitlines()[-1]
