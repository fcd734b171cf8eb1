"""Lines no reader of a briefing sees, recognised in the source language, before anything is decoded.

A page's text carries more than its story even after extraction: reprint and copyright notices, share and
sign-up lines, bylines, a date alone on a line, photo credits, "read also" and related links, menus left
over by extraction, end marks and editors' initials. The briefing never shows them (``summarize.junk``
drops them from the English too), so decoding them is work thrown away. ``reason`` names the kind of
such a line, in the languages parabrief's users bring most (the seeds' Albanian, Arabic, Kazakh and
Russian; the major European languages; Turkish, Persian, Chinese and others), or None for anything
else. Every rule matches a whole line and is held to what a news sentence never is, so a sentence that
only mentions a byline or a photo ("Reuters reported on Monday that ...") stays news.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .metadata import ascii_digits

LONGEST = 160  # characters: a line of boilerplate is short; only a reprint notice may run longer
NOTICE_LONGEST = 400

_FLAGS = re.I | re.U


def _line(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"^\W{0,3}(?:" + "|".join(alternatives) + r")\W{0,3}$", _FLAGS)


# (reason, rule). The first that matches names the line.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "copyright notice",
        re.compile(
            r"^(?:\W{0,3}(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|.{0,120}(?:all rights reserved"
            r"|tous droits réservés|alle rechte vorbehalten"
            r"|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden"
            r"|все права защищены|усі права захищені|барлық құқықтар қорғалған|të gjitha të drejtat e rezervuara"
            r"|جميع الحقوق محفوظة|tüm hakları saklıdır|wszelkie prawa zastrzeżone|版权所有|著作権|저작권"
            r"|(?:may not|must not) be (?:published|reproduced|broadcast|rewritten|redistributed)"
            r"|(?:использование|перепечатка|копирование) материалов.{0,80}(?:разрешени|ссылк)"
            r"|(?:nachdruck|vervielfältigung|reproduction|reproducción|riproduzione|reprodução|перепечатка)\b.{0,60}"
            r"(?:verboten|untersagt|interdite|prohibida|vietata|proibida|запрещ|без)"
            r"|الاقتباس.{0,40}(?:المصدر|الإشارة)))"
            r".{0,200}$",
            _FLAGS,
        ),
    ),
    (
        "share or sign-up line",
        _line(
            r"(?:share(?!\s+(?:prices?|holders?|capital|index|indices|sales?|buy-?backs?|issues?|of|in)\b)|sign up|subscribe|follow us"
            r"|click here|download (?:the|our) app|get (?:the|our) app)\b.{0,50}",
            r"(?:teilen|jetzt teilen|abonnieren|folgen sie uns|newsletter abonnieren|hier klicken)\b.{0,50}",
            r"(?:partager|partagez|abonnez-vous|suivez-nous|s'abonner|s’abonner|cliquez ici)\b.{0,50}",
            r"(?:compartir|compartilhar|comparte|suscríbete|suscribirse|síguenos|siga-nos|assine|inscreva-se|haz clic aquí)\b.{0,50}",
            r"(?:condividi|iscriviti|seguici|clicca qui)\b.{0,50}",
            r"(?:delen|abonneer|volg ons)\b.{0,50}",
            r"(?:поделиться|подпишитесь|подписывайтесь|подписаться|следите за нами|нажмите здесь)\b.{0,50}",
            r"(?:поділитися|підписуйтесь|підпишіться)\b.{0,50}",
            r"(?:бөлісу|жазылыңыз|бізді .{0,20}оқыңыз)\b.{0,50}",
            r"(?:ndaje|shpërndaje|abonohu|na ndiqni)\b.{0,50}",
            r"(?:شارك|انشر)\s+(?:الخبر|المقال|هذا|عبر|على)(?:\s+\S+){0,3}|تابعونا(?:\s+\S+){0,3}|تابعنا(?:\s+\S+){0,3}"
            r"|(?:اشترك|للاشتراك)\s+(?:في|ب)\S*(?:\s+\S+){0,3}|مشاركة",
            r"(?:paylaş|abone ol|bizi takip edin)\b.{0,50}",
            r"(?:udostępnij|subskrybuj|obserwuj nas)\b.{0,50}",
            r"(?:اشتراک(?:\s*گذاری)?|به اشتراک بگذارید)\b.{0,50}",
            r"(?:分享|分享到|订阅|關注|关注我们).{0,30}",
            r"(?:facebook|twitter|whatsapp|telegram|linkedin|e-?mail|print|pinterest|vk|ok)(?:\s*[|/·,]\s*"
            r"(?:facebook|twitter|whatsapp|telegram|linkedin|e-?mail|print|pinterest|vk|ok|x))+",
        ),
    ),
    (
        "photo credit",
        _line(
            r"(?:photo|image|picture|file photo|video|getty images|credit|"
            r"foto|fotos|bild|bildquelle|fotografía|fotografia|imagen|immagine|afbeelding|"
            r"фото|фотография|видео|сурет|бейне|fotografi|zdjęcie|"
            r"صورة|الصورة|فيديو|عکس|图片|图|照片)"
            r"\s*(?:[:©|/]|by\b)\s*.{0,80}",
            r"(?:AFP|AP|Reuters|EPA|Getty Images|dpa|ANSA|EFE|Xinhua|TASS|ТАСС|РИА Новости|Anadolu|AA)(?:\s*/\s*[\w .]{1,40}){0,2}",
        ),
    ),
    (
        "related link",
        _line(
            r"(?:read (?:also|more|next)|see also|related(?: stories| articles| coverage| news)?\s*:|more on this story|watch\s*:).{0,120}",
            r"(?:lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|weiterlesen|siehe auch|zum thema\s*:).{0,120}",
            r"(?:lire (?:aussi|également|la suite)|à lire aussi|voir aussi|sur le même sujet)\b.{0,120}",
            r"(?:lee (?:también|más)|leer más|te puede interesar|ver también|noticias relacionadas)\b.{0,120}",
            r"(?:leia (?:também|mais)|veja também)\b.{0,120}",
            r"(?:leggi (?:anche|di più)|vedi anche|potrebbe interessarti)\b.{0,120}",
            r"(?:lees (?:ook|meer))\b.{0,120}",
            r"(?:читайте (?:также|тоже|ещё|еще)|читать (?:далее|полностью)|смотрите также|по теме\s*:|подробнее\s*:).{0,120}",
            r"(?:читайте також|дивіться також|детальніше)\b.{0,120}",
            r"(?:оқи отырыңыз|толығырақ|ұқсас жаңалықтар|тағы оқыңыз)\b.{0,120}",
            r"(?:lexo (?:edhe|më shumë|gjithashtu))\b.{0,120}",
            r"(?:اقرأ (?:أيضا|أيضاً|ايضا|المزيد)|إقرأ أيضا|إقرأ أيضاً|اقرا ايضا|مواضيع ذات صلة|أخبار ذات صلة)\s*.{0,120}",
            r"(?:ayrıca (?:okuyun|bakınız)|ilgili haberler|devamını oku)\b.{0,120}",
            r"(?:czytaj (?:też|także|więcej)|zobacz (?:też|także))\b.{0,120}",
            r"(?:بیشتر بخوانید|بخوانید\s*:)\s*.{0,120}",
            r"(?:相关阅读|相关新闻|延伸阅读|阅读更多).{0,120}",
        ),
    ),
    (
        "end mark",
        _line(r"\(?(?:end|ends|fin|fine|ende|конец|соңы|fund|fundi|النهاية|انتهى|son|koniec|完)\)?", r"-30-|#{3}|\*{3}"),
    ),
    ("editors' initials", re.compile(r"^\(?(?:\w{1,3}\s?){1,3}/(?:\s?\w{1,3}){1,4}\)?\.?$", re.U)),
    (
        "time stamp",
        _line(
            r"(?:about |around |some )?\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago.{0,40}",
            r"(?:منذ|حوالي|قبل)\s*\d+\s*(?:سنوات|سنة|سنتين|أشهر|شهر|أيام|يوم|ساعات|ساعة|دقائق|دقيقة).{0,30}",
            r"(?:vor )\d+ (?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren).{0,30}",
            r"(?:il y a )\d+ (?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans).{0,30}",
            r"(?:hace )\d+ (?:segundos?|minutos?|horas?|días?|semanas?|meses?|años?).{0,30}",
            r"\d+ (?:секунд[ау]?|минут[ау]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[иья]|месяц(?:а|ев)?|лет|год(?:а)?) назад.{0,30}",
            r"\d+ (?:saniye|dakika|saat|gün|hafta|ay|yıl) önce.{0,30}",
            r"para \d+ (?:sekondash|minutash|orësh|ditësh|javësh|muajsh|vitesh).{0,30}",
            r"\d+ (?:секунд|минут|сағат|күн|апта|ай|жыл) бұрын.{0,30}",
            r"(?:updated|published|posted|last (?:updated|modified)|aktualisiert|veröffentlicht|mis à jour|publié le|actualizado|"
            r"publicado|aggiornato|pubblicato|обновлено|опубликовано|жарияланды|güncelleme|yayınlanma|publikacja|"
            r"تاريخ النشر|آخر تحديث|نشر في|更新时间|发布时间)\s*:?.{0,50}\d.{0,30}",
        ),
    ),
    (
        "navigation",
        _line(
            r"(?:https?://|www\.)\S+",
            r"[^\W\d_][\w .'’-]{0,25}(?:\s*(?:>|»|›|/|\|)\s*[^\W\d_][\w .'’-]{0,25}){2,8}",  # Home > World > Europe (not a table's | row |)
            r"advertisement|sponsored|anzeige|werbung|publicité|publicidad|pubblicità|реклама|жарнама|reklam|reklama|إعلان|تبليغات|广告",
            r"(?:comments?|kommentare?|commentaires?|comentarios?|commenti|комментари[ийя]|пікірлер|yorumlar|komentarze|تعليقات)"
            r"\s*\(?\d*\)?",
            r"(?:top|home|back to top|startseite|accueil|inicio|главная|басты бет|ballina|الرئيسية|ana sayfa|首页)",
        ),
    ),
)


# A byline: a word such as "by" or "author", then names. In scripts with capitals every word of the names
# is capitalised (or a particle, or "and"); in scripts without, only words that cannot open a sentence count.
_BYLINE = re.compile(
    r"^\W{0,3}(?P<cue>(?i:by|von|par|por|di|door|av|nga|від|от|автор|авторы|yazan|autor|autorka|auteur|author|texte?|reporter"
    r"|redakcja|redacción|redaktion|rédaction|redazione|correspondent|korrespondent|корреспондент|тілші)"
    r"|بقلم|مراسل|مراسلة|نویسنده|记者|作者)\s*[:：]?\s*(?P<names>[^,|/–—(]{2,60})(?P<more>(?:\s*[,|/–—(]\s*[^,|/–—]{1,40}){0,2})\W{0,3}$",
    re.U,
)
_CASELESS_CUES = frozenset({"بقلم", "مراسل", "مراسلة", "نویسنده", "记者", "作者"})
_NAME_GLUE = frozenset("and und et y e i и і та dhe ve və و de da del van von der den al el bin ibn la le di du dos das".split())
BYLINE_WORDS = 6  # words of names a byline gives


def _byline(text: str) -> bool:
    found = _BYLINE.match(text)
    if not found:
        return False
    words = found["names"].split()
    if not words or len(words) > BYLINE_WORDS or any(len(more.split()) > 4 for more in re.split(r"[,|/–—(]", found["more"])):
        return False  # "By Monday, the ministry had said nothing." goes on as a sentence
    if found["cue"] in _CASELESS_CUES:
        return True
    return words[0][:1].isupper() and all(w[:1].isupper() or w.casefold() in _NAME_GLUE for w in words)


MOST_WORDS = {"share or sign-up line": 8}  # a longer line of this kind is a sentence that starts alike


@lru_cache(maxsize=1 << 16)
def reason(line: str, lang: str = "und") -> str | None:
    """What kind of line no reader sees ``line`` is ("byline", "photo credit", ...), or None when it
    may be news. ``lang``: its language, for dates written in it."""
    text = " ".join(line.split())
    if not text or len(text) > NOTICE_LONGEST or text.startswith("|"):
        return None  # a table's row ("| Pos. | Driver | Points |") is the article's own
    if len(text) <= LONGEST and _byline(text):
        return "byline"
    for kind, rule in RULES:
        if (len(text) <= LONGEST or kind == "copyright notice") and rule.match(text) and len(text.split()) <= MOST_WORDS.get(kind, 99):
            return kind
    if len(text) <= LONGEST and _date_alone(text, lang):
        return "date line"
    return None


def paragraph_reason(text: str, lang: str = "und") -> str | None:
    """The kind of boilerplate a paragraph is when every line of it is some (the first line's kind)."""
    lines = [line for line in text.split("\n") if line.strip()]
    kinds = [reason(line, lang) for line in lines]
    return kinds[0] if kinds and all(kinds) else None


def _date_alone(text: str, lang: str) -> bool:
    """A date alone on a line (a day, a month and a year, perhaps a time), with at most a word such as
    "Updated" or a place, read by dateparser in the line's language: what a page stamps on its article. A
    day and a month without a year ("Viernes 6 de Mayo") is more often an event's date, and news; a number
    alone ("40", "1h30"), a score ("1-1") or a year beside a word ("Aprender 2022") is no date line."""
    plain = ascii_digits(text)
    if not re.search(r"\d", plain) or len(plain.split()) > 8:
        return False
    from dateparser.search import search_dates

    languages = [lang] if lang not in ("en", "und", "zxx") else None
    try:
        found = search_dates(plain, languages=languages, settings={"REQUIRE_PARTS": ["day", "month"]}) or []
    except (ValueError, KeyError, OverflowError):
        return False
    rest = plain
    for written, _ in found:
        rest = rest.replace(written, " ")
    rest = re.sub(r"\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|ч\.?|sa\.?))?", " ", rest, flags=re.I)  # a time beside the date
    dated = any(re.search(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}", text) for text, _ in found)  # a year: "1-1" is a score
    return dated and len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1
