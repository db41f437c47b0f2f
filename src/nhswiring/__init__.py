"""nhswiring: an executable model of how the NHS in England is wired.

The real bodies, the statutory functions they hold, who delegated what to whom, and the
append-only record of every change, each answerable "as at" any date since 1 April 2013.
"""

__version__ = "0.1.0"
