"""The frozen app's entry point: the same `studio` command the wheel installs (studio.cli:main).

PyInstaller needs a script, not an entry-point string; this file is that script and nothing
more, so the bundle and `pip install` run exactly the same code. The exporters render images
in "spawn" worker processes; in a frozen app each worker is this program started again with
multiprocessing's arguments, which freeze_support() recognises and serves instead of the CLI.
"""

import multiprocessing
import sys

from studio.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
