"""glibc's malloc, told to keep big buffers out of its heaps, once an app's first frame is out.

A save makes a cycle's bytes (1 MB of a 16-team quarter) in the saver thread, twice: the file
read to compare and the new one written. glibc maps a buffer that big on its own and returns it
when freed, but raises its threshold to the size of the last one it returned: from the second
save on, they come from the thread's heap, which keeps what it grew by (~2 MB of the meeting's
peak, measured after the keys of `make bench`). A fixed threshold (glibc's default, 128 KiB)
keeps them mapped. Not glibc (musl, macOS): nothing to do.
"""

from __future__ import annotations

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD = 128 * 1024


def keep_big_buffers_mapped() -> bool:
    """Whether glibc took the setting (ctypes is imported here, ~2 ms: after the first frame)."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
