"""Reading old portals for the bulk importer: sources.py (a saved site's pages, photos by URL),
encodings.py (bytes → NFC text, TCVN3 and VNI included), platforms.py (URL shapes), parse.py
(one page → OldItem), fake.py (synthetic crawls for benchmarks)."""
