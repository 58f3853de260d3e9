"""``python -m axone``: the ``axone`` command line."""

from axone.cli.main import entry_point

if __name__ == "__main__":
    entry_point()
