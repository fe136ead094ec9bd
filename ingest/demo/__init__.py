"""The demo archive: 36 documents in English, Russian and Belarusian written for Poshuk
(the people in the verdicts and letters are invented), built into PDFs, text and Markdown
statements, HTML pages and e-mails by :func:`build_demo_archive`."""

from __future__ import annotations

from ingest.demo.build import DemoDoc, build_demo_archive, demo_manifest

__all__ = ["DemoDoc", "build_demo_archive", "demo_manifest"]
