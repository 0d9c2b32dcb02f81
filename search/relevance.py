"""Measuring the search against a set of queries with the pages they must find
(bench/search_relevance.json): mean reciprocal rank and recall of the first ten results."""

import json
import statistics
import unicodedata
from pathlib import Path

RELEVANCE_FILE = Path(__file__).resolve().parents[1] / "bench" / "search_relevance.json"


def relevance_queries(path=RELEVANCE_FILE):
    """(query, [expected titles]) pairs; a query ending in " (NFD)" is sent decomposed."""
    for item in json.loads(Path(path).read_text(encoding="utf-8"))["queries"]:
        query = item["q"]
        if query.endswith(" (NFD)"):
            query = unicodedata.normalize("NFD", query[:-6])
        yield query, item["expect"]


def evaluate(queries):
    """{"queries", "mrr", "recall10", "misses"} of the first results page of each query."""
    from .selectors import search

    reciprocal, recall, misses = [], [], []
    for query, expected in queries:
        titles = [item.title.replace("<mark>", "").replace("</mark>", "")
                  for item in search(query).items]
        rank = next((i + 1 for i, title in enumerate(titles) if title in expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
        recall.append(sum(1 for title in expected if title in titles) / len(expected))
        if rank != 1:
            misses.append(f"{query!r}: rank {rank}")
    return {"queries": len(reciprocal), "mrr": statistics.mean(reciprocal),
            "recall10": statistics.mean(recall), "misses": misses}
