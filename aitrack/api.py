"""The Python API, for notebooks and scripts: `aitrack.open()` gives a Dataset whose
methods return exactly what the CLI's `-f json` prints for the same command (plain dicts
and lists), and `frame()` a pandas DataFrame of the columns `list KIND -f csv` writes.

Each method calls the query and view functions its command calls (queries/*, then the
view's output with the JSON format, never the renderer), so the CLI and the API cannot
drift apart. It sits beside cli/, at the top of the house; nothing imports it but the
package root's lazy `aitrack.open`. Modules are imported when a method first needs them,
as the CLI does, so `import aitrack` stays cheap. Documented in docs/api.md."""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from aitrack import config

if TYPE_CHECKING:
    import pandas

    from aitrack.store.catalog import Catalog

__all__ = ["Dataset"]

# The method named `list` hides the builtin inside the class body: name the shapes here.
_Object = dict[str, Any]
_Objects = list[dict[str, Any]]
_Day = str | date | None


class Dataset:
    """A dataset opened for reading: `aitrack.open()` or `Dataset(path)`. path is found
    as the CLI's --data-dir is (a dataset folder, or a folder whose data/ is one); None
    means the CLI's discovery ($AITRACK_DATA_DIR, the nearest dataset above the current
    directory, else the bundled data). use_cache=False reads the YAML files (--no-cache)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> None:
        from aitrack.store.catalog import open_catalog

        self._where = config.locate(os.fspath(path) if path is not None else None)
        self._cat: Catalog = open_catalog(self._where.path, use_cache=use_cache)

    @property
    def path(self) -> str:
        """The dataset folder that was opened."""
        return self._where.path

    @property
    def fingerprint(self) -> str:
        """The digest of the dataset's content, as `aitrack validate` and the exports name it."""
        return self._cat.fingerprint

    def __repr__(self) -> str:
        from aitrack.views.browse import counts_text

        return f"<aitrack.Dataset {self.path}: {counts_text(self._cat.counts())}>"

    # the commands -----------------------------------------------------------------
    def list(
        self,
        kind: str,
        *,
        lab: str | None = None,
        vendor: str | None = None,
        maker: str | None = None,
        tag: str | None = None,
        open_weights: bool | None = None,
        country: str | None = None,
        status: str | None = None,
        sort: str | None = None,
        desc: bool = False,
        columns: Sequence[str] | str | None = None,
        limit: int | None = None,
        as_of: _Day = None,
        known_by: _Day = None,
    ) -> _Objects:
        """`aitrack list KIND -f json`: the entities of a kind (labs, chips, models,
        predictions, products, sources; singular too), filtered, sorted and limited as
        the command's options do. as_of and known_by (a date, or YYYY, YYYY-MM or
        YYYY-MM-DD) ask what held on that day, or what the sources had said by then, as
        --as-of and --known-by do; so do get's, compare's and search's."""
        from aitrack.views.browse import list_output

        view = _view(as_of, known_by)
        kind_, records = self._listing(
            kind, lab, vendor, maker, tag, open_weights, country, status, sort, desc, limit, slim=False, view=view
        )
        return list_output(kind_, records, _columns(columns), "json", self._today_for(kind_)).data

    def get(self, entity: str, *, as_of: _Day = None, known_by: _Day = None) -> _Object:
        """`aitrack show ENTITY -f json`: one entity by id, name or alias (case, spaces and
        punctuation ignored), with the ids of what relates to it and the sources it cites.
        An unknown name raises NotFoundError, whose `suggestions` are the closest ids."""
        from aitrack.queries.browse import show
        from aitrack.views.browse import show_output

        shown = show(self._cat, entity, _view(as_of, known_by))
        return show_output(shown, self._cat, False, "json", self._today_for(shown.record["kind"])).data

    def compare(
        self, entities: Sequence[str], *, only_common: bool = False, as_of: _Day = None, known_by: _Day = None
    ) -> _Object:
        """`aitrack compare ID ID... -f json`: two or more chips, models or labs, field by
        field, each value in the fixed unit its machine name carries, with the sources."""
        from aitrack.queries.compare import compare
        from aitrack.views.compare import compare_output

        wanted = [entities] if isinstance(entities, str) else list(entities)
        return compare_output(compare(self._cat, wanted, only_common, _view(as_of, known_by)), self._cat, "json").data

    def predictions(
        self,
        *,
        due: str | None = None,
        due_before: str | None = None,
        due_after: str | None = None,
        status: str | None = None,
        overdue: bool = False,
        about: str | None = None,
        by: str | None = None,
        kind: str | None = None,
        include_uncertain: bool = False,
        today: str | date | None = None,
    ) -> _Objects:
        """`aitrack predictions -f json`: forecasts filtered by due date (a year, month or
        day), status, subject, author and kind, soonest due first. today fixes the date
        that `overdue` and `days_left` count from (default $AITRACK_TODAY, else today)."""
        from aitrack.queries import predictions as pq
        from aitrack.queries.browse import full_records
        from aitrack.views.predictions import predictions_output

        now = self._today(today)
        filters = pq.Filters(due, due_before, due_after, status, overdue, about, by, kind, include_uncertain)
        preds = full_records(self._cat, "prediction", pq.select(self._cat, filters, now, slim=True))
        return predictions_output(preds, now, "json").data

    def changes(
        self,
        since: str | date | None = None,
        *,
        reported_since: str | date | None = None,
        kind: str | None = None,
        limit: int | None = None,
    ) -> _Objects:
        """`aitrack changes --since DATE -f json` (or --reported-since): what happened, or
        was newly reported, on or after a date (YYYY, YYYY-MM, YYYY-MM-DD or a date),
        newest first. Give exactly one of since and reported_since."""
        from aitrack.dates import option_span
        from aitrack.errors import UsageError
        from aitrack.queries.browse import kind_name
        from aitrack.queries.changes import changes
        from aitrack.views.changes import changes_output

        if limit is not None and limit < 0:
            raise UsageError("limit must be 0 or more")
        if (since is None) == (reported_since is None):
            raise UsageError("changes needs one of since or reported_since")
        name, when = ("since", since) if since is not None else ("reported_since", reported_since)
        start = option_span(str(when), name)[0]
        found = changes(self._cat, start, [kind_name(kind)] if kind else None, since is None)
        return changes_output(found[:limit] if limit is not None else found, self._cat, "json").data

    def search(
        self, text: str, *, kind: str | None = None, limit: int | None = None, as_of: _Day = None, known_by: _Day = None
    ) -> _Objects:
        """`aitrack search TEXT -f json`: every entity with a field containing text (case,
        spaces and punctuation ignored), id and name matches first."""
        from aitrack.queries.browse import kind_name, search
        from aitrack.views.browse import search_output

        kinds = [kind_name(kind)] if kind else None
        return search_output(search(self._cat, text, kinds, limit, _view(as_of, known_by)), text).data

    def frame(
        self,
        kind: str,
        *,
        lab: str | None = None,
        vendor: str | None = None,
        maker: str | None = None,
        tag: str | None = None,
        open_weights: bool | None = None,
        country: str | None = None,
        status: str | None = None,
        sort: str | None = None,
        desc: bool = False,
        columns: Sequence[str] | str | None = None,
        limit: int | None = None,
    ) -> pandas.DataFrame:
        """`aitrack list KIND -f csv` as a pandas DataFrame: the same rows and machine
        columns, typed (numbers float64, dates datetime64, flags nullable boolean, text
        string, aliases, tags and other lists as Python lists). Takes list()'s options.
        Needs pandas; without it, an AitrackError says how to install it."""
        from aitrack.views.browse import list_output

        pd = _pandas()
        kind_, records = self._listing(
            kind, lab, vendor, maker, tag, open_weights, country, status, sort, desc, limit, slim=True
        )
        sheet = list_output(kind_, records, _columns(columns), "csv", self._today_for(kind_)).sheets[0]
        cells = list(zip(*sheet.rows)) if sheet.rows else [() for _ in sheet.columns]
        return pd.DataFrame({col: _series(pd, kind_, col, values) for col, values in zip(sheet.columns, cells)})

    # shared by list and frame -------------------------------------------------------
    def _listing(
        self,
        kind: str,
        lab: str | None,
        vendor: str | None,
        maker: str | None,
        tag: str | None,
        open_weights: bool | None,
        country: str | None,
        status: str | None,
        sort: str | None,
        desc: bool,
        limit: int | None,
        slim: bool,
        view: Any = None,
    ) -> tuple[str, _Objects]:
        """The kind's name and its records as `list` selects them (full for JSON, flat
        for CSV); a note the command would print on stderr becomes a warning."""
        from aitrack.queries import browse
        from aitrack.queries.filters import check_filters
        from aitrack.queries.filters import wanted as filter_values

        kind_ = browse.kind_name(kind)
        wanted = filter_values(lab, vendor, maker, tag, country, status, open_weights)
        filters, notes = check_filters(self._cat, kind_, wanted)
        for line in notes:
            warnings.warn(line.removeprefix("aitrack: "), stacklevel=3)
        return kind_, browse.list_entities(self._cat, kind_, filters, sort, desc, limit, slim, view)

    def _today_for(self, kind: str) -> date | None:
        # Only a prediction's days_left counts from today; a bad AITRACK_TODAY spares the rest.
        return self._today(None) if kind == "prediction" else None

    def _today(self, value: str | date | None) -> date:
        from aitrack.queries.predictions import today

        return value if isinstance(value, date) else today(value, "today")


def _view(as_of: _Day, known_by: _Day) -> Any:
    """The time view as_of and known_by ask for (store.history.view_of), or None."""
    if as_of is None and known_by is None:
        return None
    from aitrack.store.history import view_of

    return view_of(as_of, known_by)


def _columns(columns: Sequence[str] | str | None) -> list[str] | None:
    """columns as a list, or a comma-separated string as --columns takes it."""
    if columns is None:
        return None
    names = columns.split(",") if isinstance(columns, str) else columns
    return [c.strip() for c in names if c.strip()] or None


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        from aitrack.errors import AitrackError

        raise AitrackError("Dataset.frame needs pandas, which is not installed: pip install pandas") from None
    return pandas


def _series(pd: Any, kind: str, col: str, values: Sequence[Any]) -> Any:
    """One column of frame(), typed by the field vocabulary (not guessed from the values,
    so an empty column has its type too)."""
    typed = _column_type(kind, col)
    if typed == "date":
        days = [None if v is None else _day(str(v), col.endswith("_latest")) for v in values]
        return pd.to_datetime(pd.Series(days, dtype=object), format="%Y-%m-%d")
    if typed == "list":  # a copy: the cached records must not change when a cell does
        return pd.Series([None if v is None else list(v) for v in values], dtype=object)
    return pd.Series(values, dtype={"float": "float64", "boolean": "boolean"}.get(typed, "string"))


def _day(text: str, last: bool) -> str | None:
    """An ISO day; a bound written as a year or month (a source's inferred publication
    window: 2024) is its first day, or its last for a *_latest column."""
    from aitrack.dates import span

    if len(text) == 10:
        return text
    days = span(text)
    return None if days is None else days[1 if last else 0].isoformat()


def _column_type(kind: str, col: str) -> str:
    """date, list, float, boolean or text: the SQLite export's types (REAL numbers,
    INTEGER flags) with dates, lists and the day count (days_left) told apart."""
    from aitrack.dataset.fields import spec
    from aitrack.views.export_sqlite import sql_type

    own = spec(kind, col)
    own = own if own is not None and own.key == col else None
    head, _, part = col.rpartition("_")
    base = spec(kind, head)
    if own is not None and own.type in ("date", "day") or col == "resolution_on":
        return "date"
    if base is not None and base.type in ("date", "day") and part in ("earliest", "latest"):
        return "date"
    if col in ("aliases", "tags") or own is not None and own.type in ("refs", "people"):
        return "list"
    if col == "days_left" or own is not None and own.type == "qtext":  # a day count; a prediction's number
        return "float"
    return {"REAL": "float", "INTEGER": "boolean"}.get(sql_type(kind, col), "text")
