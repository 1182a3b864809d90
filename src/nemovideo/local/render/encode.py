"""The x264 settings every piece shares (and the benchmark's encode-only floor too)."""

from __future__ import annotations

CRF = "23"
PRESET = "superfast"  # the slowest preset that keeps 3x realtime on two cores (veryfast: 70 % slower)
PREVIEW_PRESET = "ultrafast"
# No B-frames: pieces join without reordering, and x264 needs less memory and time. Slice threads: the
# threads share each frame instead of holding one frame each, 35 MB less at 1080p for the same CPU time
# (files about 3 % larger); that keeps a render's process tree under 300 MB.
X264_PARAMS = "bframes=0:sliced-threads=1"
THREADS = "2"


def encoder_args(preview: bool) -> list[str]:
    """x264 settings shared by every piece (and by the benchmark's floor)."""
    return ["-c:v", "libx264", "-preset", PREVIEW_PRESET if preview else PRESET, "-crf", CRF,
            "-pix_fmt", "yuv420p", "-x264-params", X264_PARAMS, "-threads", THREADS,
            "-color_range", "tv", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]
