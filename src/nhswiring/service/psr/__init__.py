"""Provider selection cases end to end: each step judged, recorded and attributed."""
