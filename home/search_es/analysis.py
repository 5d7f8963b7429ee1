"""The analysis of every Elasticsearch index of the site (ours and Wagtail's): plain dicts, importable by
settings. The text reaching Elasticsearch is already normalised and segmented by `home.search.tokens`
(Traditional → Simplified, jieba words, bigrams only inside unknown runs, stemmed English, pinyin), so the
main analyzer only splits on whitespace and lower-cases: a stock server ranks exactly the terms the
database path matches, and a query is cut into the same terms before it is sent.

With a Chinese analysis plugin (`ELASTICSEARCH_CHINESE_ANALYZER` = "ik_smart" or "smartcn"), the
`jx_chinese` analyzer uses its tokenizer on the `.chinese` sub-fields, and queries also match there (a
little weight, for words our dictionary lacks). Without one, `jx_chinese` is Elasticsearch's CJK bigram
analyzer, defined so that the mapping never changes, and queries leave it alone (bigrams across word
boundaries are the false hits of issue 21)."""

TOKENS = "jx_tokens"
CHINESE = "jx_chinese"

# The plugin tokenizers a setting may name; "" = no plugin (a stock server).
PLUGIN_TOKENIZERS = {"ik_smart": "ik_smart", "ik_max_word": "ik_max_word", "smartcn": "smartcn_tokenizer"}


def chinese_analyzer_definition(plugin: str = "") -> dict:
    """`jx_chinese`: the plugin's tokenizer when there is one, else the CJK bigram analyzer of a stock server."""
    if plugin:
        if plugin not in PLUGIN_TOKENIZERS:
            raise ValueError(f"ELASTICSEARCH_CHINESE_ANALYZER must be one of {sorted(PLUGIN_TOKENIZERS)} or empty")
        return {"type": "custom", "tokenizer": PLUGIN_TOKENIZERS[plugin], "filter": ["lowercase"]}
    return {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"]}


def analysis(plugin: str = "") -> dict:
    """The `analysis` section of an index's settings."""
    return {
        "analyzer": {
            TOKENS: {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            CHINESE: chinese_analyzer_definition(plugin),
        }
    }


def wagtail_index_settings(plugin: str = "") -> dict:
    """INDEX_SETTINGS for Wagtail's elasticsearch8 backend: our analyzers, the pre-segmented tokens as the
    default analyzer of every text field (Wagtail's page fields hold `home.search` tokens), and its
    autocomplete analyzers over whitespace instead of the standard tokenizer (which cuts Chinese into
    single characters). Merged into Wagtail's defaults (its ngram filters stay)."""
    tokens = {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
    section = analysis(plugin)
    section["analyzer"].update(
        {
            "default": tokens,
            "ngram_analyzer": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "ngram"]},
            "edgengram_analyzer": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "edgengram"]},
        }
    )
    return {"settings": {"analysis": section}}
