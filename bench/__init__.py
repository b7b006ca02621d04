"""Synthetic corpus generator, benchmarks and reliability scripts.

Everything here is for measuring the archive, never for serving it: the
generated pages are labelled synthetic (paper names ``合成测试…``, a
``source = "synthetic: …"`` line in every sidecar). See ``bench/README.md``.
"""
