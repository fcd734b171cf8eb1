"""Rebuilds the files of bench/data from checkouts of the public repositories they come from.

    python bench/data/prepare.py --frank PATH --sacrerouge PATH --aeb PATH --ecb PATH [--out DIR]
    python bench/data/prepare.py --duc DOCS MODELS --giveme PATH   # DUC 2004 task 2, and weeks of labelled news
    python bench/data/prepare.py --bbc PATH --reuters PATH      # the news of bench/scale.py's many-story day
    python bench/data/prepare.py --msrp PATH                    # sentence pairs that do or do not say one thing
    python bench/data/prepare.py --day TRAF READ AEB            # two days of foreign-language news pages (bench/day.py)

Each PATH is a git clone (a bare one will do) of, in turn, artidoro/frank, danieldeutsch/sacrerouge,
scrapinghub/article-extraction-benchmark, cltl/ECB-parser, UsmanNiazi/DUC-2004-Dataset and
stuartmackie/duc-2004-rouge, fhamborg/Giveme5W1H, dejanbatanjac/bbc-article-classify-bert,
wuodar/reuters_text_classification, wasiahmad/paraphrase_identification, and for --day adbar/trafilatura,
mozilla/readability and scrapinghub/article-extraction-benchmark; files are read at the commits named below, so
the output is the same byte for byte whatever the clones' newest commit. Give only some of them to rebuild
only their files. The files are written to bench/data (or DIR); they are not committed (.gitignore).
bench/data/README.md says what is taken and why.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import lzma
import re
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
OUT = HERE  # where the files go (--out)

FRANK_ARTICLES = "5860706bda0641136d10d27ead52c5f6ae79630e"  # the commit with one JSON per article
FRANK_SPLITS = "80a88fb12cc0bfc17ff6ee2c5ebb0c4f4dd8a5f4"  # the validation/test split lists
SACREROUGE = "0ca5202424aca64f0f27993638d6ac0078d9ded8"
AEB = "4a3bc979f76c0df73cb95fe272e2fc1b96f9f010"
ECB = "eba7c4d1caa758816bcee3139bdd4e6688dee00d"  # cltl/ECB-parser, which holds the 982 ECB+ 1.0 texts
BBC = "8265dc84e88b82b87ce7f5b2df5bbbb1159ae922"  # dejanbatanjac/bbc-article-classify-bert: the BBC data set (UCD)
REUTERS = "f52c802bfa25fd4c39215a2e8ac6b25cd9a126d2"  # wuodar/reuters_text_classification: Reuters-21578 1.0
DUC_DOCS = "f67c502f41d768e70e7176fb81b5de6eca1aedfa"  # UsmanNiazi/DUC-2004-Dataset: the task 2 clusters
DUC_MODELS = "46bd0a8ba9aa9833c0733453561c13c1cc696cd9"  # stuartmackie/duc-2004-rouge: their human summaries
GIVEME = "fb427b8ed9cf07ed7450a01146244903053018a3"  # fhamborg/Giveme5W1H: its news_cluster set
GIVEME_DATA = "Giveme5W1H/examples/datasets/news_cluster/data"
MSRP = "c03b5852f9ec4b1ffac32c6a49b3d208966ef5a7"  # wasiahmad/paraphrase_identification: MSRP's files as released
MSRP_DATA = "dataset/msr-paraphrase-corpus"
MSRP_COLUMNS = ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]
TRAFILATURA = "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5"  # adbar/trafilatura: the pages of its tests (tests/eval, tests/cache)
READABILITY = "ab4027a8b37669745016869a37a504727992b2ba"  # mozilla/readability: test/test-pages/*/source.html
NEWS_WEEKS = ("2017-12-20", "2018-02-06")  # the weeks of the set's two Google News crawls (Dec 27-Jan 1, Feb 3-6)

MULTILING_DEV = ("M000",)  # the other topics are the test part

# Page parts that carry neither text nor metadata: scripts (JSON-LD metadata is kept), styles, inline
# SVG drawings and comments (conditional comments are kept). Removing them shrinks the pages 2.5 times.
_SCRIPT = re.compile(rb"<script\b(?![^>]*application/ld\+json)[^>]*>.*?</script\s*>", re.S | re.I)
_STYLE = re.compile(rb"<style\b[^>]*>.*?</style\s*>", re.S | re.I)
_SVG = re.compile(rb"<svg\b[^>]*>.*?</svg\s*>", re.S | re.I)
_COMMENT = re.compile(rb"<!--(?!\[if).*?-->", re.S)


def slim(html: bytes) -> bytes:
    """``html`` less its scripts, styles, drawings and comments, where trafilatura reads the same title and
    text from what is left; else ``html`` as it is (a page that builds its text from a script)."""
    import trafilatura

    slimmed = _COMMENT.sub(b"", _SVG.sub(b"", _STYLE.sub(b"", _SCRIPT.sub(b"", html))))

    def read(page: bytes) -> tuple[str | None, str | None] | None:
        doc = trafilatura.bare_extraction(decode(page), with_metadata=True)
        return (getattr(doc, "title", None), getattr(doc, "text", None)) if doc else None

    return slimmed if read(slimmed) == read(html) else html


def git_show(repo: Path, commit: str, path: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{path}"], check=True, capture_output=True).stdout


def git_ls(repo: Path, commit: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", f"{commit}", folder + "/"], check=True, capture_output=True)
    return sorted(out.stdout.decode().split())


def write_xz(path: Path, lines: list[dict]) -> None:
    text = "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)
    path.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    print(f"{path.name}: {len(lines)} items, {path.stat().st_size:,} bytes")


def cnndm(frank: Path) -> None:
    """FRANK's 250 CNN/DailyMail test-set articles with their highlights, in FRANK's own split."""
    dev = set(git_show(frank, FRANK_SPLITS, "data/validation_split.txt").decode().split())
    test = set(git_show(frank, FRANK_SPLITS, "data/test_split.txt").decode().split())
    items = []
    for path in git_ls(frank, FRANK_ARTICLES, "data/articles-wmetrics-reference-json"):
        record = json.loads(git_show(frank, FRANK_ARTICLES, path))
        doc_id = record["hash"]
        if len(doc_id) != 40:  # XSum articles have numeric ids
            continue
        split = "dev" if doc_id in dev else "test" if doc_id in test else None
        if split is None:
            raise SystemExit(f"{doc_id} is in neither FRANK split")
        paragraphs = [line.strip() for line in record["article_lines"] if line.strip()]
        items.append({"id": doc_id, "split": split, "url": record["url"], "paragraphs": paragraphs, "reference": record["bart_reference"]})
    items.sort(key=lambda item: (item["split"], item["id"]))
    write_xz(OUT / "cnndm.jsonl.xz", items)


def multiling(sacrerouge: Path) -> None:
    """The MultiLing 2011 English multi-document sample (3 topics x 10 WikiNews articles, 2 human summaries each)."""
    base = "sacrerouge/tests/fixtures/data/multiling2011"
    summaries: dict[str, list[str]] = {}
    for line in git_show(sacrerouge, SACREROUGE, f"{base}/summaries.jsonl").decode().splitlines():
        record = json.loads(line)
        if record["summarizer_type"] == "reference":
            summaries.setdefault(record["instance_id"], []).append(" ".join(record["summary"]["text"]))
    items = []
    for line in git_show(sacrerouge, SACREROUGE, f"{base}/documents.jsonl").decode().splitlines():
        record = json.loads(line)
        topic = record["instance_id"]
        documents = [
            {
                "id": doc["filename"].split(".")[0],
                "title": doc["text"][0].strip(),
                "paragraphs": [t.strip() for t in doc["text"][1:] if t.strip()],
            }
            for doc in record["documents"]
        ]
        split = "dev" if topic in MULTILING_DEV else "test"
        items.append({"id": topic, "split": split, "documents": documents, "references": summaries[topic]})
    write_xz(OUT / "multiling2011.jsonl.xz", items)


_MODEL_SENTENCE = re.compile(r'<a href="#\d+" id=\d+>(.*?)</a>', re.S)


def duc2004(docs: Path, models: Path) -> None:
    """DUC 2004 task 2: 50 clusters of 10 AP and NYT articles, 4 human summaries of 100 words each. The
    clusters alternate between dev and test in id order."""
    import html

    base = "DUC2004_Summarization_Documents/duc2004_testdata/tasks1and2/duc2004_tasks1and2_docs/docs"
    folders = sorted(git_ls(docs, DUC_DOCS, base), key=lambda path: int(path.rsplit("/", 1)[1]))
    summaries = git_ls(models, DUC_MODELS, "models")
    items = []
    for n, folder in enumerate(folders):
        number = int(folder.rsplit("/", 1)[1])
        topic = f"d{30000 + number}" if number < 1000 else f"d{31000 + number - 1000}"
        documents = []
        for path in sorted(git_ls(docs, DUC_DOCS, folder), key=lambda p: int(p.rsplit("/D", 1)[1].split(".")[0])):
            text = " ".join(git_show(docs, DUC_DOCS, path).decode("utf-8").split()).replace("``", '"').replace("''", '"')
            documents.append({"id": f"{topic}-{path.rsplit('/', 1)[1].split('.')[0]}", "title": None, "paragraphs": [text]})
        references = [
            " ".join(html.unescape(" ".join(m.split())) for m in _MODEL_SENTENCE.findall(git_show(models, DUC_MODELS, path).decode()))
            for path in summaries
            if path.split("/")[-1].startswith(f"{topic}.m.100.")
        ]
        if len(documents) != 10 or len(references) != 4:
            raise SystemExit(f"{topic}: {len(documents)} documents, {len(references)} summaries")
        items.append({"id": topic, "split": "dev" if n % 2 == 0 else "test", "documents": documents, "references": references})
    write_xz(OUT / "duc2004.jsonl.xz", items)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.I)


def decode(html: bytes) -> str:
    """A page's text: UTF-8 where it is valid UTF-8, else the charset it declares, else charset-normalizer's guess."""
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(html)
    if declared:
        try:
            return html.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(html).best()
    return str(best) if best else html.decode("utf-8", "replace")


def page_title(html: bytes) -> tuple[str, str] | None:
    """The title a page gives itself, and where: og:title, else a JSON-LD headline, else twitter:title,
    else its only <h1>, else <title>."""
    import lxml.html

    tree = lxml.html.fromstring(_XML_DECLARATION.sub("", decode(html), count=1))

    def clean(text: object) -> str:
        return " ".join(text.split()) if isinstance(text, str) else ""

    def meta(name: str) -> str:
        values = tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
        return clean(values[0]) if values else ""

    def json_ld() -> str:
        for script in tree.xpath('//script[@type="application/ld+json"]'):
            try:
                data = json.loads(script.text or "")
            except ValueError:
                continue
            nodes = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
            for node in nodes:
                if isinstance(node, dict) and clean(node.get("headline")):
                    return clean(node.get("headline"))
        return ""

    headings = [h for h in (clean(h.text_content()) for h in tree.xpath("//h1")) if h]
    titles = tree.xpath("//title")
    candidates = (
        (meta("og:title"), "og:title"),
        (json_ld(), "json-ld headline"),
        (meta("twitter:title"), "twitter:title"),
        (headings[0] if len(headings) == 1 else "", "h1"),
        (clean(titles[0].text_content()) if titles else "", "title"),
    )
    return next(((text, source) for text, source in candidates if text), None)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    """One member of a reproducible archive: fixed time and mode."""
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), 0, 0o644
    tar.addfile(info, io.BytesIO(data))


def _listing(records: list[dict]) -> bytes:
    return "".join(json.dumps(m, ensure_ascii=False, sort_keys=True) + "\n" for m in records).encode("utf-8")


def pages(aeb: Path) -> None:
    """The English pages of the article extraction benchmark, with the title each page gives itself."""
    import py3langid

    truth = json.loads(git_show(aeb, AEB, "ground-truth.json"))
    meta = []
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for page_id in sorted(truth):
            body = truth[page_id]["articleBody"]
            if py3langid.classify(body)[0] != "en":
                continue
            html = gzip.decompress(git_show(aeb, AEB, f"html/{page_id}.html.gz"))
            html = slim(html)
            found = page_title(html)
            split = "dev" if page_id[0] in "01234" else "test"
            meta.append(
                {
                    "id": page_id,
                    "split": split,
                    "url": truth[page_id]["url"],
                    "title": found[0] if found else None,
                    "title_source": found[1] if found else None,
                }
            )
            _add(tar, f"{page_id}.html", html)
        _add(tar, "pages.jsonl", _listing(meta))
    path = OUT / "news_pages.tar.xz"
    path.write_bytes(lzma.compress(archive.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    print(f"{path.name}: {len(meta)} pages ({sum(1 for m in meta if m['title'])} with a title), {path.stat().st_size:,} bytes")


# ECB+ (Cybulska and Vossen 2014): 43 topics, each of two seminal events of one kind (two celebrities'
# rehab stays, two earthquakes): the ECB documents report one, the ECB+ ("ecbplus") documents the other.
# The split follows the one event-coreference work commonly uses on ECB+: topics 36-45 for test, these 8
# for dev. The other (training) topics are taken in turn: every document of one goes to dev (more events
# to tune on), and one document of each event of the next is a single-outlet story in test; every document
# of that next topic also makes a third day, "blind", measured and never read while tuning.
ECB_DEV = (2, 5, 12, 18, 21, 23, 34, 35)
ECB_TEST = tuple(range(36, 46))
_ECB_NAME = re.compile(r"ECB\+/(\d+)/(\d+)_(\d+)(ecb|ecbplus)\.xml$")


def ecb_text(xml: bytes) -> tuple[list[str], str | None]:
    """An ECB+ document's sentences as text (its tokens detokenized), and the address the newer ("ecbplus")
    documents give as their sentence 0."""
    from nltk.tokenize.treebank import TreebankWordDetokenizer

    detokenize = TreebankWordDetokenizer().detokenize
    sentences: dict[int, list[str]] = {}
    for token in ElementTree.fromstring(xml).iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    url = None
    first = sentences.get(0, [])
    if first and first[0].lower() in ("http", "https"):
        url = "".join(sentences.pop(0))
    lines = [_retouch(" ".join(detokenize(tokens).split()), hyphens=url is not None) for _, tokens in sorted(sentences.items())]
    return [line for line in lines if line], url


# What the Treebank detokenizer leaves of ECB+'s tokenization: "4: 59 PM", "Lohan ’ s", "“ Lindsay", and in
# the ecbplus documents (whose tokenizer split every hyphen and decimal point) "90 - day court - mandated",
# "a 6. 1 magnitude earthquake".
_RETOUCH = (
    (re.compile(r"(?<=\b\d): (?=\d\d)|(?<=\b\d\d): (?=\d\d)"), ":"),
    (re.compile(r"(?<=\w) ([’']) ?(?=(?:s|t|re|ve|ll|d|m)\b)"), r"\1"),
    (re.compile(r"([“‘(\[]) "), r"\1"),
    (re.compile(r" ([”’)\]])"), r"\1"),
)
_SPLIT_HYPHEN = re.compile(r"(?<=[0-9a-z]) - (?=[0-9a-z])")
_SPLIT_DECIMAL = re.compile(r"(?<=\b\d)\. (?=\d)")


def _retouch(line: str, hyphens: bool) -> str:
    for pattern, repl in _RETOUCH:
        line = pattern.sub(repl, line)
    return _SPLIT_DECIMAL.sub(".", _SPLIT_HYPHEN.sub("-", line)) if hyphens else line


def ecbplus(ecb: Path) -> None:
    """A labelled news day from ECB+: articles, the event each reports, its outlet where it is known."""
    names = [n for n in git_ls_all(ecb, ECB, "ECB+") if _ECB_NAME.match(n)]
    events: dict[str, list[tuple[int, str]]] = {}
    for name in names:
        match = _ECB_NAME.match(name)
        assert match
        topic, number, part = int(match[1]), int(match[3]), match[4]
        events.setdefault(f"{topic}.{part}", []).append((number, name))
    training = sorted({int(e.split(".")[0]) for e in events} - set(ECB_DEV) - set(ECB_TEST))
    chosen: list[tuple[str, str, str, str]] = []  # (split, event, role, path)
    for event, docs in sorted(events.items(), key=lambda kv: (int(kv[0].split(".")[0]), kv[0])):
        topic = int(event.split(".")[0])
        docs.sort()
        if topic in ECB_DEV or topic in ECB_TEST:
            split = "dev" if topic in ECB_DEV else "test"
            chosen += [(split, event, "event", path) for _, path in docs]
        elif training.index(topic) % 2 == 0:
            chosen += [("dev", event, "event" if len(docs) > 1 else "single", path) for _, path in docs]
        else:
            chosen.append(("test", event, "single", docs[0][1]))
            chosen += [("blind", event, "event" if len(docs) > 1 else "single", path) for _, path in docs]
    items = []
    for split, event, role, path in chosen:
        lines, url = ecb_text(git_show(ecb, ECB, path))
        title = None
        if url and len(lines) > 1:  # an ecbplus page: its title, then its text
            title, lines = lines[0], lines[1:]
        outlet = urlparse(url).netloc.lower().removeprefix("www.") if url else None
        items.append(
            {
                "id": Path(path).stem,
                "split": split,
                "event": event,
                "topic": event.split(".")[0],
                "role": role,
                "lang": "en",
                "title": title,
                "text": "\n\n".join(lines),
                "source": outlet,
                "url": url,
            }
        )
    items.sort(key=lambda item: (item["split"], item["event"], item["id"]))
    write_xz(OUT / "ecbplus_day.jsonl.xz", items)


def news_weeks(repo: Path) -> None:
    """Weeks of real news from many outlets, each article labelled with the event it reports: the
    articles of the Google News events of Giveme5W1H's news_cluster set published within NEWS_WEEKS."""
    import py3langid

    items = []
    for path in git_ls_all(repo, GIVEME, GIVEME_DATA):
        if not path.endswith(".json"):
            continue
        record = json.loads(git_show(repo, GIVEME, path))
        cluster = record["newsCluster"]
        date = (record.get("date_publish") or "")[:10]
        if cluster["Topic"] != "unspecific" or not NEWS_WEEKS[0] <= date <= NEWS_WEEKS[1]:
            continue  # the set's older "legacy" events, and articles dated outside the crawls' weeks
        title, text = " ".join(record["title"].split()), record["text"].strip()
        site = urlparse(record["url"]).netloc.lower().removeprefix("www.").split(".")[0]  # "abcnews", "rt", "npr"
        if len(title.split()) <= 5 and site in title.lower().replace(" ", ""):
            continue  # a page saved in an article's place: the site's front or search page ("ABC News", "NPR Search : NPR")
        items.append(
            {
                "id": f"g5-{record['dId'][:12]}",
                "split": "dev" if cluster["EventId"] % 2 == 0 else "test",
                "event": f"g5-{cluster['EventId']}",
                "topic": f"g5-{cluster['EventId']}",  # no look-alike events by design: every false pair is unrelated
                "lang": record.get("language") or py3langid.classify(f"{title}\n{text}")[0],  # the crawler's, else detected
                "title": title,
                "text": text,
                "source": urlparse(record["url"]).netloc.lower().removeprefix("www."),
                "url": record["url"],
                "date": date,
            }
        )
    items.sort(key=lambda item: (item["split"], item["event"], item["id"]))
    write_xz(OUT / "news_weeks.jsonl.xz", items)


def git_ls_all(repo: Path, commit: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", commit, folder + "/"], check=True, capture_output=True)
    return sorted(out.stdout.decode().split("\n"))


_BBC_NAME = re.compile(r"bbc/(business|entertainment|politics|sport|tech)/(\d{3})\.txt$")


def bbc(repo: Path) -> None:
    """The 2,225 BBC News articles of 2004-2005 of Greene and Cunningham's data set: title, paragraphs, section."""
    items = []
    for path in git_ls_all(repo, BBC, "bbc"):
        match = _BBC_NAME.match(path)
        if not match:
            continue
        raw = git_show(repo, BBC, path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # a few files of the data set are Latin-1 (a pound sign)
        blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.replace("\r", ""))]
        blocks = [block for block in blocks if block]
        items.append({"id": f"bbc-{match[1]}-{match[2]}", "section": match[1], "title": blocks[0], "paragraphs": blocks[1:]})
    write_xz(OUT / "bbc_news.jsonl.xz", items)


_REUTERS = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_SGML_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "DATELINE", "BODY")}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SIGN_OFF = re.compile(r"\s*\bReuter\s*$", re.I)
REUTERS_WORDS = 100  # a story of fewer words of body is a flash, a table of results or a price list


def reuters(repo: Path) -> None:
    """The Reuters-21578 newswire stories of 1987 with a title and a body of REUTERS_WORDS words or more:
    title, dateline, paragraphs (the wire's indented lines), the wire's own date; the sign-off is cut."""
    import html

    items = []
    for n in range(22):
        data = git_show(repo, REUTERS, f"data/reut2-{n:03d}.sgm").decode("latin-1")
        for attributes, story in _REUTERS.findall(data):
            fields = {name: pattern.search(story) for name, pattern in _SGML_FIELD.items()}
            if not fields["TITLE"] or not fields["BODY"]:
                continue

            def clean(text: str) -> str:
                return " ".join(_CONTROL.sub(" ", html.unescape(text)).split())

            body = _SIGN_OFF.sub("", _CONTROL.sub(" ", html.unescape(fields["BODY"][1])))
            paragraphs = [clean(p) for p in re.split(r"\n(?= {2,}\S)", body)]
            paragraphs = [p for p in paragraphs if p]
            if sum(len(p.split()) for p in paragraphs) < REUTERS_WORDS:
                continue
            new_id = re.search(r'NEWID="(\d+)"', attributes)
            assert new_id
            dateline = clean(fields["DATELINE"][1]) if fields["DATELINE"] else ""
            items.append(
                {
                    "id": f"reuters-{int(new_id[1]):05d}",
                    "title": clean(fields["TITLE"][1]),
                    "dateline": dateline,
                    "date": clean(fields["DATE"][1]) if fields["DATE"] else None,
                    "paragraphs": paragraphs,
                }
            )
    write_xz(OUT / "reuters21578.jsonl.xz", items)


def msrp(repo: Path) -> None:
    """The Microsoft Research Paraphrase Corpus: 5,801 pairs of news sentences, each labelled 1 when the two
    say the same thing. Its training part is dev (tuning), its test part test; the sentences as given."""
    items = []
    for part, split in (("train", "dev"), ("test", "test")):
        lines = git_show(repo, MSRP, f"{MSRP_DATA}/msr_paraphrase_{part}.txt").decode("utf-8-sig").split("\n")
        if lines[0].split("\t") != MSRP_COLUMNS:
            raise SystemExit(f"msr_paraphrase_{part}.txt: unexpected header {lines[0]!r}")
        for n, line in enumerate((line for line in lines[1:] if line), 1):
            quality, _, _, a, b = line.split("\t")
            items.append({"id": f"msrp-{part}-{n:05d}", "split": split, "label": int(quality), "a": a, "b": b})
    write_xz(OUT / "msrp.jsonl.xz", items)


# The news day of bench/day.py: the article pages of three public sets of real web pages, as published.
# A page is an article when it says so (a JSON-LD NewsArticle, or og:type "article": a date alone lets in
# shops, forums and recipes), and trafilatura reads DAY_MIN_CHARS or more of text from it; its language is
# py3langid's on that text. Pages not in English are all taken; English ones only from mozilla/readability.
DAY_MIN_CHARS = 500  # a shorter text is a teaser, a gallery, a front page
DAY_SOURCES = (  # (short name, repository, commit, folder, which files)
    ("traf", "adbar/trafilatura", TRAFILATURA, "tests", re.compile(r"tests/(eval|cache)/[^/]+\.html$")),
    ("read", "mozilla/readability", READABILITY, "test/test-pages", re.compile(r"test/test-pages/.+/source\.html$")),
    ("aeb", "scrapinghub/article-extraction-benchmark", AEB, "html", re.compile(r"html/[0-9a-f]+\.html\.gz$")),
)
_ARTICLE = re.compile(
    rb'"@type"\s*:\s*\[?\s*"(?:Reportage|Analysis|Opinion)?NewsArticle"'
    rb"|<meta[^>]+(?:property|name)=[\"']og:type[\"'][^>]*content=[\"']article[\"']"
    rb"|<meta[^>]+content=[\"']article[\"'][^>]*(?:property|name)=[\"']og:type[\"']",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def _sentences(text: str) -> list[str]:
    return [s for s in (" ".join(part.split()).lower() for part in _SENTENCE_END.split(text)) if len(s) >= 20]


def _git_ls_z(repo: Path, commit: str, folder: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-z", "--name-only", commit, folder + "/"], check=True, capture_output=True
    )
    return sorted(name for name in out.stdout.decode("utf-8").split("\0") if name)


def _day_of(page_id: str) -> tuple[int, bool]:
    """A page's day (1: two pages in three, 2: the rest) by its id's SHA-1, and whether a day-1 page is
    also in day 2 (one in four of them): the pages a feed still carries the next day."""
    import hashlib

    n = int(hashlib.sha1(page_id.encode()).hexdigest(), 16)
    return (2, False) if n % 3 == 0 else (1, (n // 3) % 4 == 0)


def news_day(traf: Path, read: Path, aeb: Path) -> None:
    """Two overlapping days of foreign-language news pages, whole as published, for bench/day.py."""
    import hashlib

    import py3langid
    import trafilatura

    clones = {"traf": traf, "read": read, "aeb": aeb}
    truth = json.loads(git_show(aeb, AEB, "ground-truth.json"))
    pages = []
    for short, name, commit, folder, wanted in DAY_SOURCES:
        for path in _git_ls_z(clones[short], commit, folder):
            if not wanted.match(path):
                continue
            html = git_show(clones[short], commit, path)
            if path.endswith(".gz"):
                html = gzip.decompress(html)
            if not _ARTICLE.search(html):
                continue
            doc = trafilatura.bare_extraction(decode(html), with_metadata=True)
            text = (doc.text or "") if doc else ""
            if len(text) < DAY_MIN_CHARS:
                continue
            lang = py3langid.classify(text)[0]
            if lang == "zxx" or (lang == "en" and short != "read"):  # zxx: a page whose text its set scrambled
                continue
            page_id = f"{short}-{hashlib.sha1(path.encode()).hexdigest()[:10]}"
            url = truth[path[5:-8]]["url"] if short == "aeb" else doc.url
            pages.append(
                {"id": page_id, "lang": lang, "source": f"{name}/{path}", "url": url, "title": doc.title, "html": html, "text": text}
            )
    pages.sort(key=lambda page: page["id"])
    days: dict[int, list[dict]] = {1: [], 2: []}
    for page in pages:
        day, again = _day_of(page["id"])
        days[day].append(page)
        if again:
            days[2].append({**page, "again": True})
    meta = []
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for day in (1, 2):
            for page in sorted(days[day], key=lambda page: page["id"]):
                name = f"day{day}/{page['id']}.html"
                _add(tar, name, page["html"])
                meta.append(
                    {
                        "id": page["id"],
                        "day": day,
                        "lang": page["lang"],
                        "source": page["source"],
                        "url": page["url"],
                        "title": page["title"],
                        "file": name,
                        "from_day1": bool(page.get("again")),
                    }
                )
        _add(tar, "articles.jsonl", _listing(meta))
    path = OUT / "news_day.tar.xz"
    path.write_bytes(lzma.compress(archive.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    for day in (1, 2):
        langs: dict[str, int] = {}
        for page in days[day]:
            langs[page["lang"]] = langs.get(page["lang"], 0) + 1
        print(
            f"day {day}: {len(days[day])} pages, "
            + ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])))
        )
    # the repeats as collected, within day 1: the same title, the same text, most sentences shared
    one = days[1]
    titles: dict[str, int] = {}
    texts: dict[str, int] = {}
    for page in one:
        title = " ".join((page["title"] or "").lower().split())
        if title:
            titles[title] = titles.get(title, 0) + 1
        body = " ".join(page["text"].lower().split())
        texts[body] = texts.get(body, 0) + 1
    shared = 0
    sentence_sets = [set(_sentences(page["text"])) for page in one]
    for i, mine in enumerate(sentence_sets):
        if mine and any(j != i and len(mine & other) * 2 >= len(mine) for j, other in enumerate(sentence_sets)):
            shared += 1
    print(
        f"day 1 repeats: {sum(n - 1 for n in titles.values() if n > 1)} same title, "
        f"{sum(n - 1 for n in texts.values() if n > 1)} same text, {shared} pages sharing half their sentences with another"
    )
    seen = {s for page in one for s in _sentences(page["text"])}
    two = [s for page in days[2] for s in _sentences(page["text"])]
    new_pages = [s for page in days[2] if not page.get("again") for s in _sentences(page["text"])]
    print(
        f"day 2: {sum(1 for p in days[2] if p.get('again'))} pages also in day 1; "
        f"{sum(s in seen for s in two)} of its {len(two)} sentences are in day 1 "
        f"({sum(s in seen for s in new_pages)} of {len(new_pages)} in its new pages)"
    )
    print(f"{path.name}: {len(meta)} files, {path.stat().st_size:,} bytes ({len(archive.getvalue()):,} unpacked)")


def main() -> None:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frank", type=Path, help="artidoro/frank: cnndm.jsonl.xz")
    parser.add_argument("--sacrerouge", type=Path, help="danieldeutsch/sacrerouge: multiling2011.jsonl.xz")
    parser.add_argument("--aeb", type=Path, help="scrapinghub/article-extraction-benchmark: news_pages.tar.xz")
    parser.add_argument("--ecb", type=Path, help="cltl/ECB-parser: ecbplus_day.jsonl.xz")
    parser.add_argument("--bbc", type=Path, help="dejanbatanjac/bbc-article-classify-bert: bbc_news.jsonl.xz")
    parser.add_argument("--reuters", type=Path, help="wuodar/reuters_text_classification: reuters21578.jsonl.xz")
    parser.add_argument("--duc", type=Path, nargs=2, metavar=("DOCS", "MODELS"), help="the two DUC 2004 repositories: duc2004.jsonl.xz")
    parser.add_argument("--giveme", type=Path, help="fhamborg/Giveme5W1H: news_weeks.jsonl.xz")
    parser.add_argument("--msrp", type=Path, help="wasiahmad/paraphrase_identification: msrp.jsonl.xz")
    parser.add_argument(
        "--day",
        type=Path,
        nargs=3,
        metavar=("TRAFILATURA", "READABILITY", "AEB"),
        help="adbar/trafilatura, mozilla/readability, scrapinghub/article-extraction-benchmark: news_day.tar.xz",
    )
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the files (default: bench/data)")
    args = parser.parse_args()
    builders = (
        ("frank", cnndm),
        ("sacrerouge", multiling),
        ("aeb", pages),
        ("ecb", ecbplus),
        ("bbc", bbc),
        ("reuters", reuters),
        ("duc", duc2004),
        ("giveme", news_weeks),
        ("msrp", msrp),
        ("day", news_day),
    )
    given = [(getattr(args, name), build) for name, build in builders if getattr(args, name)]
    if not given:
        parser.error("give at least one of " + ", ".join(f"--{name}" for name, _ in builders))
    OUT = args.out
    OUT.mkdir(parents=True, exist_ok=True)
    for paths, build in given:
        build(*paths) if isinstance(paths, list) else build(paths)


if __name__ == "__main__":
    main()
