"""The query bodies of the Elasticsearch engine, built with elasticsearch-dsl (unit tests compare their
`to_dict()`, so a change fails CI without a server). They mirror the database engines:

- matching (`match_query`): a page holds every term of at least one of `home.search.term_groups` (all the
  terms, or from three terms most of them), as exact `term` clauses on `body` — the terms are already the
  index's tokens, so nothing is analysed again;
- ranking (`relevance_query`): pages holding every term first (a constant score above any relevance), then
  BM25 over title, summary and body with `FIELD_BOOSTS` (each term's own `multi_match`, so a term found in
  the title and the body counts in both, as the database's A/B/D weights do), then `page_id` (`RANK_SORT`);
- with a Chinese plugin, a light `should` on the `.chinese` sub-fields."""

from elasticsearch.dsl import Q

FIELD_BOOSTS = {"title": 5, "summary": 2, "body": 1}
MATCH_FIELD = "body"
# Above any BM25 sum of eight terms over three fields, so "holds every term" always ranks first.
ALL_TERMS_BOOST = 1000.0
CHINESE_BOOST = 0.5
RANK_SORT = [{"_score": {"order": "desc"}}, {"page_id": {"order": "asc"}}]


def _term(term: str) -> Q:
    return Q("term", **{MATCH_FIELD: term})


def all_terms_query(terms) -> Q:
    return Q("bool", filter=[_term(t) for t in terms])


def match_query(groups) -> Q:
    """Pages holding every term of at least one group. Filter context: no scoring."""
    groups = [tuple(g) for g in groups]
    if len(groups) == 1:
        return all_terms_query(groups[0])
    return Q("bool", should=[all_terms_query(g) for g in groups], minimum_should_match=1)


def boosted_fields(suffix: str = "") -> list[str]:
    return [f"{name}{suffix}^{boost}" for name, boost in FIELD_BOOSTS.items()]


def relevance_query(terms, groups, *, plugin: str = "") -> Q:
    """Matching as a filter; the score = ALL_TERMS_BOOST when every term is there + each term's BM25 over
    the weighted fields (+ the plugin's analysis of the whole query, lightly)."""
    should = [Q("constant_score", filter=all_terms_query(terms), boost=ALL_TERMS_BOOST)]
    should += [Q("multi_match", query=t, fields=boosted_fields(), type="most_fields") for t in terms]
    if plugin:
        should.append(
            Q(
                "multi_match",
                query=" ".join(terms),
                fields=boosted_fields(".chinese"),
                type="most_fields",
                boost=CHINESE_BOOST,
            )
        )
    return Q("bool", filter=[match_query(groups)], should=should)


def frequency_query(term: str) -> Q:
    """The pages holding `term` (document frequency, for `home.search.term_weights`)."""
    return Q("bool", filter=[_term(term)])
