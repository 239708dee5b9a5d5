"""Loading trials' whole records: each table read in one query, each row handed to its parents.

A comparison reads several hundred rows from thirteen tables. Through the ORM's querysets, most
of its time went on building querysets, compiling the same SQL and running model signals for
each row; here each query's SQL is compiled once per shape, rows become model instances without
`__init__`, and each row gets its publication, arm and analysis set as it is made. The instances
are ordinary model instances: `parent.<relation>.all()` reads the loaded rows without a query.
"""

from functools import lru_cache

from django.db import connections
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


@lru_cache(maxsize=256)
def compiled(model, path, count, alias):
    """The SQL fetching `model`'s rows whose `path` is one of `count` ids, in the model's order
    but for a leading parent (rows are grouped by parent anyway), and the columns' converters.
    The SQL depends only on these four, so it is compiled once."""
    queryset = model._default_manager.using(alias).all()
    ordering = list(model._meta.ordering)
    parent = path.split("__")[0]
    if len(ordering) > 1 and ordering[0] == parent:
        queryset = queryset.order_by(*ordering[1:])
    placeholders = list(range(1, count + 1))
    compiler = queryset.filter(**{f"{path}__in": placeholders}).query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if list(params) != placeholders:
        raise ValueError(f"unexpected parameters in {model.__name__}'s query: {params!r}")
    columns = [column for column, _, _ in compiler.select]
    names = [field.attname for field in model._meta.concrete_fields]
    if [column.target.attname for column in columns] != names:
        raise ValueError(f"unexpected columns in {model.__name__}'s query")
    converters = tuple(compiler.get_converters(columns).items())
    return sql, converters, tuple(names)


def fetch(model, path, ids, alias):
    """`model`'s rows whose `path` (a foreign key, possibly through its parent) is in `ids`."""
    if not ids:
        return []
    sql, converters, names = compiled(model, path, len(ids), alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    if converters:
        # As SQLCompiler.apply_converters does, with this thread's connection: the compiler the
        # SQL came from is cached across requests and threads.
        converted = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(row)
        rows = converted
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return [model.from_db(alias, names, row) for row in rows]
    return [instance(model, names, row, alias) for row in rows]


def instance(model, names, values, alias):
    """What `Model.from_db()` makes, without `__init__`'s per-field work (no init signal is
    connected to these models; `fetch` falls back to `from_db()` if one ever is)."""
    obj = model.__new__(model)
    obj.__dict__.update(zip(names, values, strict=True))
    state = obj._state = ModelState()
    state.adding = False
    state.db = alias
    state.fields_cache = {}
    return obj


def hand_over(parents, name, rows, fk_attname, fk_name):
    """Give each parent its rows under the relation `name`, as prefetch_related would: its
    related manager's `.all()` then returns them without a query, and each row knows its parent."""
    grouped = {}
    for row in rows:
        grouped.setdefault(getattr(row, fk_attname), []).append(row)
    for parent in parents:
        mine = grouped.get(parent.pk, [])
        for row in mine:
            row._state.fields_cache[fk_name] = parent
        loaded(parent).rows[name] = mine
    return rows


def loaded(obj):
    """The object's loaded relations, created on first use."""
    cache = obj.__dict__.get("_prefetched_objects_cache")
    if not isinstance(cache, Loaded):
        cache = obj._prefetched_objects_cache = Loaded(obj, cache)
    return cache


class Loaded(dict):
    """A parent's `_prefetched_objects_cache` holding loaded rows: the queryset a related manager
    expects is built the first time it asks (templates and admin code), not for every parent."""

    def __init__(self, owner, existing=None):
        super().__init__(existing or {})
        self.owner = owner
        self.rows = {}
        self.by_pk = {}

    def __missing__(self, name):
        if name not in self.rows:
            raise KeyError(name)
        return self._queryset(name)

    def __contains__(self, name):
        return name in self.rows or super().__contains__(name)

    def __delitem__(self, name):
        # refresh_from_db() forgets a relation this way; the next read queries it again.
        found = self.rows.pop(name, None) is not None
        if super().__contains__(name):
            super().__delitem__(name)
        elif not found:
            raise KeyError(name)

    def _queryset(self, name):
        relation = type(self.owner)._meta.get_field(name)
        fk = relation.field
        model = relation.related_model
        queryset = model._default_manager._queryset_class(
            model=model, hints={"instance": self.owner}
        )
        queryset._deferred_filter = (False, (), {fk.name: self.owner})
        queryset._known_related_objects = {fk: {self.owner.pk: self.owner}}
        queryset._result_cache = self.rows[name]
        queryset._prefetch_done = True
        self[name] = queryset
        return queryset
