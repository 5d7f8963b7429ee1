"""An in-memory Elasticsearch 8 client for tests: it records every call (`calls`) and answers the part of
the API the site uses (indices and aliases, bulk, reindex, delete_by_query, search, count) by evaluating
the query DSL the site sends — term, terms, bool, constant_score, multi_match (BM25 per field, type
most_fields), match_all; filter + terms aggregations; post_filter; sort by _score and a field. Text fields
are split on whitespace and lower-cased, as the `jx_tokens` analyzer does; everything else is compared
as stored. Not a search engine: enough to run the engine's requests without a server."""

import math
from collections import Counter, defaultdict


class _Response(dict):
    @property
    def body(self):
        return dict(self)


class NotFound(Exception):
    pass


def _values(source, field):
    value = source.get(field)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _tokens(source, field):
    return " ".join(str(v) for v in _values(source, field)).lower().split()


class _Indices:
    def __init__(self, es):
        self.es = es

    def create(self, *, index, settings=None, mappings=None, **kwargs):
        self.es.calls.append(("indices.create", {"index": index, "settings": settings, "mappings": mappings}))
        self.es.indexes[index] = {}
        return _Response(acknowledged=True)

    def get_alias(self, *, name):
        self.es.calls.append(("indices.get_alias", {"name": name}))
        targets = {i: {"aliases": {name: {}}} for i, aliases in self.es.aliases.items() if name in aliases}
        if not targets:
            from elasticsearch import NotFoundError

            raise NotFoundError("alias missing", meta=_Meta(404), body={})
        return _Response(targets)

    def put_alias(self, *, index, name):
        self.es.calls.append(("indices.put_alias", {"index": index, "name": name}))
        self.es.aliases.setdefault(index, set()).add(name)
        return _Response(acknowledged=True)

    def update_aliases(self, *, actions):
        self.es.calls.append(("indices.update_aliases", {"actions": actions}))
        for action in actions:
            for verb, spec in action.items():
                names = self.es.aliases.setdefault(spec["index"], set())
                (names.add if verb == "add" else names.discard)(spec["alias"])
        return _Response(acknowledged=True)

    def delete(self, *, index):
        self.es.calls.append(("indices.delete", {"index": index}))
        for name in self.es.resolve(index, missing_ok=True):
            self.es.indexes.pop(name, None)
            self.es.aliases.pop(name, None)
        return _Response(acknowledged=True)

    def refresh(self, *, index):
        self.es.calls.append(("indices.refresh", {"index": index}))
        return _Response()


class _Meta:
    def __init__(self, status):
        self.status = status
        self.headers = {}


class FakeElasticsearch:
    def __init__(self):
        self.calls = []
        self.indexes = {}  # name → {id: source}
        self.aliases = {}  # index name → {alias, …}
        self.indices = _Indices(self)

    # --- the store ---------------------------------------------------------------------------------

    def resolve(self, name, *, missing_ok=False):
        names = name if isinstance(name, list) else [name]
        out = []
        for n in names:
            if n.endswith("*"):
                out += [i for i in self.indexes if i.startswith(n[:-1])]
            elif n in self.indexes:
                out.append(n)
            else:
                out += [i for i, aliases in self.aliases.items() if n in aliases]
        if not out and not missing_ok:
            from elasticsearch import NotFoundError

            raise NotFoundError(f"no such index [{name}]", meta=_Meta(404), body={})
        return out

    def documents(self, index):
        docs = {}
        for name in self.resolve(index):
            docs.update(self.indexes[name])
        return docs

    def bulk(self, *, operations, **kwargs):
        self.calls.append(("bulk", {"operations": operations}))
        items = iter(operations)
        for action in items:
            ((verb, spec),) = action.items()
            target = self.resolve(spec["_index"])[0]
            if verb == "index":
                self.indexes[target][str(spec["_id"])] = next(items)
            elif verb == "delete":
                self.indexes[target].pop(str(spec["_id"]), None)
        return _Response(errors=False, items=[])

    def reindex(self, *, source, dest, **kwargs):
        self.calls.append(("reindex", {"source": source, "dest": dest}))
        docs = self.documents(source["index"])
        self.indexes[self.resolve(dest["index"])[0]].update(docs)
        return _Response(total=len(docs))

    def delete_by_query(self, *, index, query, **kwargs):
        self.calls.append(("delete_by_query", {"index": index, "query": query}))
        for name in self.resolve(index):
            stats = self._stats(self.indexes[name])
            for doc_id, source in list(self.indexes[name].items()):
                if self._score(query, source, stats) is not None:
                    del self.indexes[name][doc_id]
        return _Response(deleted=0)

    # --- searching ---------------------------------------------------------------------------------

    def count(self, *, index, query=None, **kwargs):
        self.calls.append(("count", {"index": index, "query": query}))
        docs = self.documents(index)
        stats = self._stats(docs)
        return _Response(count=sum(1 for s in docs.values() if self._score(query, s, stats) is not None))

    def search(self, *, index, body=None, **kwargs):
        body = dict(body or {})
        self.calls.append(("search", {"index": index, "body": body}))
        docs = self.documents(index)
        stats = self._stats(docs)
        matched = []
        for doc_id, source in docs.items():
            score = self._score(body.get("query"), source, stats)
            if score is not None:
                matched.append((doc_id, source, score))
        aggregations = {}
        for name, agg in (body.get("aggs") or {}).items():
            aggregations[name] = self._aggregate(agg, [(d, s) for d, s, _ in matched], stats)
        if body.get("post_filter"):
            matched = [m for m in matched if self._score(body["post_filter"], m[1], stats) is not None]
        matched.sort(key=self._sort_key(body.get("sort")))
        start = body.get("from", 0)
        size = body.get("size", 10)
        hits = [
            {
                "_index": self.resolve(index)[0],
                "_id": d,
                "_score": score,
                **({} if body.get("_source") is False else {"_source": s}),
            }
            for d, s, score in matched[start : start + size]
        ]
        return _Response(
            took=1,
            timed_out=False,
            _shards={"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            hits={"total": {"value": len(matched), "relation": "eq"}, "max_score": None, "hits": hits},
            aggregations=aggregations,
        )

    def _sort_key(self, sort):
        sort = sort or ["_score"]

        def key(item):
            _, source, score = item
            parts = []
            for spec in sort:
                field, order = (spec, None) if isinstance(spec, str) else next(iter(spec.items()))
                order = (order or {}).get("order") if isinstance(order, dict) else order
                if field == "_score":
                    value, descending = score, order != "asc"
                else:
                    value, descending = (_values(source, field) or [0])[0], order == "desc"
                parts.append(-value if descending else value)
            return parts

        return key

    def _aggregate(self, agg, docs, stats):
        agg = dict(agg)
        subs = agg.pop("aggs", {})
        ((kind, spec),) = agg.items()
        if kind == "filter":
            kept = [(d, s) for d, s in docs if self._score(spec, s, stats) is not None]
            out = {"doc_count": len(kept)}
            for name, sub in subs.items():
                out[name] = self._aggregate(sub, kept, stats)
            return out
        if kind == "terms":
            counts = Counter(v for _, s in docs for v in set(_values(s, spec["field"])))
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[: spec.get("size", 10)]
            return {"buckets": [{"key": k, "doc_count": n} for k, n in ordered]}
        raise NotImplementedError(kind)

    @staticmethod
    def _stats(docs):
        """Per text field: document frequencies and the average length (for BM25)."""
        frequency = defaultdict(Counter)
        lengths = defaultdict(list)
        for source in docs.values():
            for field in ("title", "summary", "body"):
                tokens = _tokens(source, field)
                lengths[field].append(len(tokens))
                frequency[field].update(set(tokens))
        return {
            "n": len(docs),
            "df": frequency,
            "avg": {f: (sum(v) / len(v) if v else 1.0) for f, v in lengths.items()},
        }

    def _bm25(self, term, field, source, stats, k1=1.2, b=0.75):
        tokens = _tokens(source, field)
        tf = tokens.count(term)
        if not tf:
            return 0.0
        df = stats["df"][field][term]
        idf = math.log(1 + (stats["n"] - df + 0.5) / (df + 0.5))
        norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(tokens) / (stats["avg"][field] or 1)))
        return idf * norm

    def _score(self, query, source, stats):
        """The document's score for `query`, or None when it does not match."""
        if not query:
            return 1.0
        ((kind, spec),) = query.items()
        if kind == "match_all":
            return 1.0
        if kind == "term":
            ((field, value),) = spec.items()
            value = value["value"] if isinstance(value, dict) else value
            hit = value in (_tokens(source, field) if field in ("title", "summary", "body") else _values(source, field))
            return 0.0 if hit else None
        if kind == "terms":
            ((field, values),) = ((k, v) for k, v in spec.items() if k != "boost")
            return 0.0 if set(_values(source, field)) & set(values) else None
        if kind == "constant_score":
            return spec.get("boost", 1.0) if self._score(spec["filter"], source, stats) is not None else None
        if kind == "multi_match":
            total = 0.0
            for field_spec in spec["fields"]:
                field, _, boost = field_spec.partition("^")
                if "." in field:
                    continue  # plugin sub-fields are not modelled
                for term in spec["query"].lower().split():
                    total += float(boost or 1) * self._bm25(term, field, source, stats)
            return total * spec.get("boost", 1.0) if total else None
        if kind == "bool":
            score = 0.0
            for clause in _list(spec.get("filter")):
                if self._score(clause, source, stats) is None:
                    return None
            for clause in _list(spec.get("must")):
                s = self._score(clause, source, stats)
                if s is None:
                    return None
                score += s
            for clause in _list(spec.get("must_not")):
                if self._score(clause, source, stats) is not None:
                    return None
            should = _list(spec.get("should"))
            matched = [s for s in (self._score(c, source, stats) for c in should) if s is not None]
            default = 0 if (spec.get("filter") or spec.get("must")) else (1 if should else 0)
            if len(matched) < spec.get("minimum_should_match", default):
                return None
            return score + sum(matched)
        raise NotImplementedError(kind)


def _list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
