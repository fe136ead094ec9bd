"""ZIP archives: the archive itself is a document whose one page lists its files (so a
search for a file name finds the archive); the files become documents of their own,
linked to it (``ingest.support.archive`` unpacks them, within limits)."""

from __future__ import annotations

import io
import zipfile

from ingest.errors import ParseError
from ingest.parsers.base import Parser, register
from poshuk.core.model import Page, ParsedDocument
from poshuk.core.sniff import ZIP, ZIP_ERRORS

# Documents that are ZIP files inside: a damaged one still sniffs as a ZIP, and its own
# parser (found by the extension) says better what is wrong with it.
_ZIP_BASED = frozenset({"docx", "docm", "xlsx", "pptx", "odt", "ods", "odp", "epub"})


@register
class ZipParser(Parser):
    """One page listing the archive's files; the files themselves are unpacked later."""

    name = "zip"
    media_types = (ZIP,)
    extensions = ("zip",)
    score = 5

    @classmethod
    def match(cls, media_type: str, extension: str) -> int:
        if extension.lower().lstrip(".") in _ZIP_BASED:
            return 0
        return super().match(media_type, extension)

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = [info.filename for info in archive.infolist() if not info.is_dir()]
        except ZIP_ERRORS as err:
            raise ParseError(f"damaged ZIP archive: {err}") from err
        warnings = [] if names else ["ZIP archive is empty"]
        # titled by its own name: the first file's name would pass it off as that file
        return ParsedDocument(pages=[Page(number=1, text="\n".join(names))], title=file_name,
                              warnings=warnings)
