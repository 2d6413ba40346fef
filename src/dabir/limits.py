"""Every ceiling dabir puts on its input, in one place (the CLI, the readers, the repair and the API use these).

Each stage is linear in its input; these ceilings bound what one document may cost. Input beyond a refusing
ceiling is refused with :class:`dabir.errors.InputTooLarge` (one line naming the file; exit 2, HTTP 413);
a word beyond ``MAX_WORD_LETTERS`` is left as it is, and a sentence beyond ``MAX_SENTENCE_TOKENS`` is tagged
in windows of that many tokens.
"""

from __future__ import annotations

#: Letters in one word the half-space repair looks into. The longest word of the repair lexicon has 19
#: letters («حجت‌الاسلام‌والمسلمین» closed up); a run of twice that is no word (a URL, a line of one letter
#: repeated, base64): it is left alone, and its cost stays linear.
MAX_WORD_LETTERS = 40

#: Tokens the entity tagger reads as one sentence; a longer run with no sentence end (a table, a line of
#: colons) is cut into windows. News sentences stay far below (UD PerDT and Seraji dev: longest 194 tokens).
MAX_SENTENCE_TOKENS = 256

#: Characters of text in one document, after reading (about 4 MB of Persian UTF-8, a 700-page book).
MAX_DOCUMENT_CHARS = 2_000_000

#: Paragraphs in one document (a news report has tens, a long book a few thousand).
MAX_PARAGRAPHS = 20_000

#: Pages of one PDF.
MAX_PDF_PAGES = 2_000

#: Glyphs drawn by one PDF's pages (the reader refuses before analysing more than a document may hold).
MAX_PDF_GLYPHS = MAX_DOCUMENT_CHARS

#: Glyphs drawn on one PDF page: a page's glyphs are held together (about 1.3 kB each) while its lines are
#: found. A dense A3 newspaper page has about 20,000.
MAX_PDF_PAGE_GLYPHS = 50_000

#: Bytes the compressed parts of one file may inflate to: a PDF's content streams together, a .docx's
#: XML parts together. A 20 kB deflate stream can hold gigabytes; a long report inflates to a few MB.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
