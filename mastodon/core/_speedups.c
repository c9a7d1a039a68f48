/*
 * mastodon.core._speedups: the hot loop of casting decoded answers into entity classes, in C.
 *
 * Optional: when this module cannot be built (no C compiler), mastodon.core.casting runs the
 * same casts through the Python functions it generates per entity class, with the same results
 * (tests/test_speedups.py compares the two on every typed endpoint's payload).
 *
 * A plan describes one entity class: a list [cls, fallback, declared_keys, fields, layouts]
 *   cls            the entity class (an AttribAccessDict subclass);
 *   fallback       the generated Python caster of that class, which handles every value this
 *                  code does not (anything but an AttribAccessDict straight from the decoder);
 *   declared_keys  a tuple of the JSON keys the class declares (missing ones become None);
 *   fields         a tuple of (kind, key, arg) for each declared field that needs work now:
 *                  DATETIME (arg None), ENTITY / ENTITY_LIST (arg: the target's plan),
 *                  UNTYPED (arg None: the value is shaped by key names, the result is dropped,
 *                  as the Python caster does), CALL (arg: a Python caster) and UNION (a union
 *                  of entity classes, see cast_union);
 *   layouts        a list of (keys, missing): the keys (in order) of recent decoded objects of
 *                  this class and the declared keys they lacked. The objects of one answer come
 *                  in a few layouts (and, from one decoder run, share the very key objects), so
 *                  comparing key pointers in order tells which keys to add without a lookup per
 *                  declared key.
 * Plans refer to each other (Status.reblog is a Status), hence lists: built first, filled after.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>

/* Two shortcuts rely on CPython internals that are the same in 3.9 to 3.13: moving a decoded
 * dict's table into its AttribAccessDict (the fields ma_used, ma_keys, ma_values) and changing
 * the class of an object that has no instance attributes once the change passed the checks of
 * object.__class__. Elsewhere (other versions, free-threaded builds) the items are copied and
 * every class change goes through the checks. */
#if !defined(PYPY_VERSION) && !defined(Py_GIL_DISABLED) && PY_VERSION_HEX >= 0x03090000 && PY_VERSION_HEX < 0x030E0000
#define KNOWN_CPYTHON 1
#else
#define KNOWN_CPYTHON 0
#endif

enum { K_DATETIME = 0, K_ENTITY = 1, K_ENTITY_LIST = 2, K_UNTYPED = 3, K_CALL = 4, K_UNION = 5 };

/* Set once by set_dict_class(): the decoder's dict class; by configure(): the datetime cache (str -> datetime) and its
 * size, the datetime converter for what the fast parser does not take, the caster of untyped values, and the descriptor
 * object.__dict__["__class__"], whose setter makes the same checks as `value.__class__ = cls`. */
static PyObject *aad_type = NULL;
static PyObject *dt_cache = NULL;
static PyObject *to_datetime = NULL;
static PyObject *untyped = NULL;
static PyObject *class_descr = NULL;
static PyObject *parse_iso = NULL;     /* the fast ISO 8601 parser (datetime.fromisoformat or its stand-in) */
static Py_ssize_t dt_cache_size = 0;   /* the cache is emptied when it holds this many */
static PyObject *empty_tuple = NULL;
static PyObject *assignable = NULL;    /* entity classes a decoded dict's class was changed to once */

static PyObject *cast_value(PyObject *plan, PyObject *value);

static int
check_plan(PyObject *plan)
{
    if (!PyList_CheckExact(plan) || PyList_GET_SIZE(plan) != 5
            || !PyType_Check(PyList_GET_ITEM(plan, 0))
            || !PyTuple_CheckExact(PyList_GET_ITEM(plan, 2))
            || !PyTuple_CheckExact(PyList_GET_ITEM(plan, 3))) {
        PyErr_SetString(PyExc_TypeError, "_speedups: malformed entity plan");
        return -1;
    }
    return 0;
}

/* dict[key] = new when new is not old; steals the reference to new (which may be NULL: an error). */
static int
store_if_new(PyObject *dict, PyObject *key, PyObject *old, PyObject *new_value)
{
    int result = 0;
    if (new_value == NULL)
        return -1;
    if (new_value != old)
        result = PyDict_SetItem(dict, key, new_value);
    Py_DECREF(new_value);
    return result;
}

/* dict[key] = func(arg), whatever it returns. */
static int
store_call(PyObject *dict, PyObject *key, PyObject *func, PyObject *arg)
{
    PyObject *new_value = PyObject_CallOneArg(func, arg);
    int result;
    if (new_value == NULL)
        return -1;
    result = PyDict_SetItem(dict, key, new_value);
    Py_DECREF(new_value);
    return result;
}

/* dict[key] = the datetime of text not in the cache: parsed here when it is plain ISO 8601 with a
 * UTC offset (and then cached), otherwise by to_datetime (naive times, other formats, no date). */
static int
store_datetime(PyObject *dict, PyObject *key, PyObject *text)
{
    PyObject *parsed = PyObject_CallOneArg(parse_iso, text);
    int result;
    if (parsed == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError))
            return -1;
        PyErr_Clear();
        return store_call(dict, key, to_datetime, text);
    }
    if (!PyDateTime_CheckExact(parsed) || !((_PyDateTime_BaseTZInfo *)parsed)->hastzinfo) {
        Py_DECREF(parsed);
        return store_call(dict, key, to_datetime, text);
    }
    result = PyDict_SetItem(dict, key, parsed);
    if (result == 0 && PyDict_GET_SIZE(dt_cache) >= dt_cache_size)
        PyDict_Clear(dt_cache);
    if (result == 0)
        result = PyDict_SetItem(dt_cache, text, parsed);
    Py_DECREF(parsed);
    return result;
}

/* Whether a dict's keys (the list `keys`, in order) are those of the tuple `layout`: the same
 * objects, or equal strings (then *same_objects is 0). */
static int
same_layout(PyObject *keys, PyObject *layout, int *same_objects)
{
    Py_ssize_t i, n = PyList_GET_SIZE(keys);
    *same_objects = 1;
    if (!PyTuple_CheckExact(layout) || PyTuple_GET_SIZE(layout) != n)
        return 0;
    for (i = 0; i < n; i++) {
        PyObject *key = PyList_GET_ITEM(keys, i), *known = PyTuple_GET_ITEM(layout, i);
        if (key != known) {
            if (!PyUnicode_CheckExact(key) || !PyUnicode_CheckExact(known) || PyUnicode_Compare(key, known) != 0) {
                PyErr_Clear();
                return 0;
            }
            *same_objects = 0;
        }
    }
    return 1;
}

#define MAX_LAYOUTS 4

/* What a list of recent (keys, payload) pairs says for a dict whose keys (in order) are the list
 * `keys`: a new reference to the payload, or NULL (with no exception set when none matched).
 * A match by equal keys (another decoder run) takes these key objects for the next ones. */
static PyObject *
known_layout(PyObject *layouts, PyObject *keys)
{
    Py_ssize_t k;
    int same_objects;
    for (k = 0; k < PyList_GET_SIZE(layouts); k++) {
        PyObject *entry = PyList_GET_ITEM(layouts, k), *payload, *layout, *fresh;
        if (!PyTuple_CheckExact(entry) || PyTuple_GET_SIZE(entry) != 2) {
            PyErr_SetString(PyExc_TypeError, "_speedups: malformed layout cache");
            return NULL;
        }
        if (!same_layout(keys, PyTuple_GET_ITEM(entry, 0), &same_objects))
            continue;
        payload = PyTuple_GET_ITEM(entry, 1);
        Py_INCREF(payload);
        if (!same_objects) {
            layout = PyList_AsTuple(keys);
            fresh = layout ? PyTuple_Pack(2, layout, payload) : NULL;
            Py_XDECREF(layout);
            if (fresh == NULL || PyList_SetItem(layouts, k, fresh) < 0) {  /* steals fresh */
                Py_DECREF(payload);
                return NULL;
            }
        }
        return payload;
    }
    return NULL;
}

/* Remember the payload for dicts with these keys (the newest first, a few kept). */
static int
remember_layout(PyObject *layouts, PyObject *keys, PyObject *payload)
{
    PyObject *layout = PyList_AsTuple(keys), *entry;
    int status = 0;
    entry = layout ? PyTuple_Pack(2, layout, payload) : NULL;
    Py_XDECREF(layout);
    if (entry == NULL)
        return -1;
    if (PyList_GET_SIZE(layouts) >= MAX_LAYOUTS)
        status = PyList_SetSlice(layouts, MAX_LAYOUTS - 1, PyList_GET_SIZE(layouts), NULL);
    if (status == 0)
        status = PyList_Insert(layouts, 0, entry);
    Py_DECREF(entry);
    return status;
}

/* Give a decoded dict every declared key it lacks, with None: a known layout's answer when its
 * keys are those of one the class saw lately, else one lookup per declared key (then remembered).
 * Must run before any key is added, as the layout is that of the decoded object. */
static int
fill_declared(PyObject *plan, PyObject *value)
{
    PyObject *layouts = PyList_GET_ITEM(plan, 4), *missing, *found, *keys;
    Py_ssize_t i, n;
    int status = 0;

    if (!PyList_CheckExact(layouts)) {
        PyErr_SetString(PyExc_TypeError, "_speedups: malformed entity plan");
        return -1;
    }
    keys = PyDict_Keys(value);
    if (keys == NULL)
        return -1;
    /* Held: comparing keys may run Python code (keys of the caller's own dicts), which may change the plan. */
    Py_INCREF(layouts);
    missing = known_layout(layouts, keys);
    if (missing == NULL && !PyErr_Occurred()) {
        PyObject *declared = PyList_GET_ITEM(plan, 2);
        Py_INCREF(declared);
        found = PyList_New(0);
        n = found ? PyTuple_GET_SIZE(declared) : 0;
        for (i = 0; found != NULL && status == 0 && i < n; i++) {
            int present = PyDict_Contains(value, PyTuple_GET_ITEM(declared, i));
            if (present < 0 || (!present && PyList_Append(found, PyTuple_GET_ITEM(declared, i)) < 0))
                status = -1;
        }
        missing = found != NULL && status == 0 ? PyList_AsTuple(found) : NULL;
        Py_XDECREF(found);
        Py_DECREF(declared);
        if (missing != NULL && remember_layout(layouts, keys, missing) < 0)
            Py_CLEAR(missing);
    }
    Py_DECREF(layouts);
    Py_DECREF(keys);
    if (missing == NULL)
        return -1;
    n = PyTuple_GET_SIZE(missing);
    for (i = 0; status == 0 && i < n; i++)
        status = PyDict_SetItem(value, PyTuple_GET_ITEM(missing, i), Py_None);
    Py_DECREF(missing);
    return status;
}

/* A field declared as a union of entity classes; arg is [caster, choose, layouts]: the Python
 * caster of the union (for anything but a decoded dict), the function that names the plan a
 * dict's keys fit best (None: leave it to the caster), and that choice per recent key layout. */
static PyObject *
cast_union(PyObject *arg, PyObject *item)
{
    PyObject *chosen, *result = NULL, *keys, *caster, *choose, *layouts;
    if (!PyList_CheckExact(arg) || PyList_GET_SIZE(arg) != 3 || !PyList_CheckExact(PyList_GET_ITEM(arg, 2))) {
        PyErr_SetString(PyExc_TypeError, "_speedups: malformed union in an entity plan");
        return NULL;
    }
    if ((PyObject *)Py_TYPE(item) != aad_type)
        return PyObject_CallOneArg(PyList_GET_ITEM(arg, 0), item);
    keys = PyDict_Keys(item);
    if (keys == NULL)
        return NULL;
    /* Held, not borrowed from the list: the chooser is Python code, which may change it. */
    caster = PyList_GET_ITEM(arg, 0);
    choose = PyList_GET_ITEM(arg, 1);
    layouts = PyList_GET_ITEM(arg, 2);
    Py_INCREF(caster);
    Py_INCREF(choose);
    Py_INCREF(layouts);
    chosen = known_layout(layouts, keys);
    if (chosen == NULL && !PyErr_Occurred()) {
        chosen = PyObject_CallOneArg(choose, item);
        if (chosen != NULL && remember_layout(layouts, keys, chosen) < 0)
            Py_CLEAR(chosen);
    }
    Py_DECREF(keys);
    if (chosen != NULL) {
        if (chosen == Py_None)
            result = PyObject_CallOneArg(caster, item);
        else
            result = cast_value(chosen, item);
        Py_DECREF(chosen);
    }
    Py_DECREF(caster);
    Py_DECREF(choose);
    Py_DECREF(layouts);
    return result;
}

static int
cast_items(PyObject *plan, PyObject *list)
{
    Py_ssize_t i;
    for (i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i);
        PyObject *new_item;
        int failed = 0;
        if (item == Py_None)
            continue;
        Py_INCREF(item);
        new_item = cast_value(plan, item);
        if (new_item == NULL)
            failed = 1;
        else {
            if (new_item != item && PySequence_SetItem(list, i, new_item) < 0)
                failed = 1;
            Py_DECREF(new_item);
        }
        Py_DECREF(item);
        if (failed)
            return -1;
    }
    return 0;
}

static int
cast_field(PyObject *value, PyObject *field)
{
    long kind;
    PyObject *key, *arg, *item, *cached;
    int result = 0;

    if (!PyTuple_CheckExact(field) || PyTuple_GET_SIZE(field) != 3) {
        PyErr_SetString(PyExc_TypeError, "_speedups: malformed field in an entity plan");
        return -1;
    }
    kind = PyLong_AsLong(PyTuple_GET_ITEM(field, 0));
    if (kind == -1 && PyErr_Occurred())
        return -1;
    key = PyTuple_GET_ITEM(field, 1);
    arg = PyTuple_GET_ITEM(field, 2);
    item = PyDict_GetItemWithError(value, key);
    if (item == NULL)
        return PyErr_Occurred() ? -1 : 0;
    if (item == Py_None)
        return 0;
    Py_INCREF(item);
    switch (kind) {
    case K_DATETIME:
        if (PyUnicode_CheckExact(item)) {
            cached = PyDict_GetItemWithError(dt_cache, item);
            if (cached != NULL)
                result = PyDict_SetItem(value, key, cached);
            else if (PyErr_Occurred())
                result = -1;
            else
                result = store_datetime(value, key, item);
        }
        else if (PyLong_CheckExact(item) || PyFloat_CheckExact(item))
            result = store_call(value, key, to_datetime, item);
        break;
    case K_ENTITY:
        result = store_if_new(value, key, item, cast_value(arg, item));
        break;
    case K_ENTITY_LIST:
        if (PyList_Check(item))
            result = cast_items(arg, item);
        else
            result = store_call(value, key, untyped, item);
        break;
    case K_UNTYPED: {
        PyObject *ignored;
        if (PyList_CheckExact(item) && PyList_GET_SIZE(item) == 0)
            break;  /* nothing to shape (the usual case) */
        ignored = PyObject_CallOneArg(untyped, item);
        if (ignored == NULL)
            result = -1;
        Py_XDECREF(ignored);
        break;
    }
    case K_CALL:
        result = store_if_new(value, key, item, PyObject_CallOneArg(arg, item));
        break;
    case K_UNION:
        result = store_if_new(value, key, item, cast_union(arg, item));
        break;
    default:
        PyErr_Format(PyExc_ValueError, "_speedups: unknown field kind %ld", kind);
        result = -1;
    }
    Py_DECREF(item);
    return result;
}

/* Stop the cyclic garbage collector from tracking a dict that holds no container: it cannot be
 * part of a reference cycle, and a long walk through pages keeps hundreds of thousands of them.
 * The interpreter does the same for plain dicts (and tracks the dict again as soon as a container
 * is stored in it); it never does it for instances of dict subclasses, such as entities. Unlike a
 * plain dict, an entity has a __dict__, where an attribute can close a cycle: AttribAccessDict's
 * __setattr__ gives the entity back to the collector first (track()). */
static void
untrack_if_atomic(PyObject *dict)
{
    Py_ssize_t pos = 0;
    PyObject *key, *item;
    while (PyDict_Next(dict, &pos, &key, &item)) {
        if (PyObject_IS_GC(item) && (!PyTuple_CheckExact(item) || PyObject_GC_IsTracked(item)))
            return;
        if (PyObject_IS_GC(key) && (!PyTuple_CheckExact(key) || PyObject_GC_IsTracked(key)))
            return;  /* a key can hold a reference back to the dict too */
    }
    PyObject_GC_UnTrack(dict);
}

/* Give a decoded AttribAccessDict the entity class `cls`. The first time for each class through
 * object.__class__'s own setter (the layout checks of `value.__class__ = cls`); once that passed,
 * the same change from the same class needs no check again. A decoded dict has no instance
 * attributes, so there is nothing else for the setter to do (CPython 3.9 to 3.13). */
static int
set_class(PyObject *value, PyObject *cls)
{
#if KNOWN_CPYTHON
    int known = PySet_Contains(assignable, cls);
    if (known < 0)
        return -1;
    if (known && (PyObject *)Py_TYPE(value) == aad_type) {
        Py_INCREF(cls);
        Py_SET_TYPE(value, (PyTypeObject *)cls);
        Py_DECREF(aad_type);
        return 0;
    }
#endif
    if (Py_TYPE(class_descr)->tp_descr_set(class_descr, value, cls) < 0)
        return -1;
#if KNOWN_CPYTHON
    if ((PyObject *)Py_TYPE(value) == cls && PySet_Add(assignable, cls) < 0)
        return -1;
#endif
    return 0;
}

/* The value cast to the plan's class: a new reference, or NULL with an exception set. */
static PyObject *
cast_value(PyObject *plan, PyObject *value)
{
    PyObject *cls, *fields;
    Py_ssize_t i, n;

    if (check_plan(plan) < 0)
        return NULL;
    cls = PyList_GET_ITEM(plan, 0);
    if ((PyObject *)Py_TYPE(value) == cls) {
        Py_INCREF(value);
        return value;
    }
    if ((PyObject *)Py_TYPE(value) != aad_type)
        return PyObject_CallOneArg(PyList_GET_ITEM(plan, 1), value);
    if (set_class(value, cls) < 0)
        return NULL;
    if (fill_declared(plan, value) < 0)
        return NULL;
    fields = PyList_GET_ITEM(plan, 3);
    if (check_plan(plan) < 0)  /* again: filling the keys may have run Python code (a key's __eq__) */
        return NULL;
    Py_INCREF(fields);  /* held: the casts run Python code, which may change the plan */
    n = PyTuple_GET_SIZE(fields);
    for (i = 0; i < n; i++) {
        if (cast_field(value, PyTuple_GET_ITEM(fields, i)) < 0) {
            Py_DECREF(fields);
            return NULL;
        }
    }
    Py_DECREF(fields);
    if (n == 0 && PyObject_GC_IsTracked(value))
        untrack_if_atomic(value);  /* a class with nested types nearly always holds a container */
    Py_INCREF(value);
    return value;
}

/* The object hook of the decoder: the decoded dict's items in a new AttribAccessDict (as calling
 * the class does), left to the garbage collector only when it holds a container. */
static PyObject *
speedups_decoded_dict(PyObject *module, PyObject *decoded)
{
    PyObject *value;
    if (aad_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_speedups.set_dict_class() has not been called");
        return NULL;
    }
    if (!PyDict_CheckExact(decoded))
        return PyObject_CallOneArg(aad_type, decoded);
    value = ((PyTypeObject *)aad_type)->tp_new((PyTypeObject *)aad_type, empty_tuple, NULL);
    if (value == NULL)
        return NULL;
#if KNOWN_CPYTHON
    {
        /* The decoder drops its dict as soon as this returns: its table moves to the new dict
         * whole (no copy of the table, no reference count taken and given back per item). Both
         * are combined tables, the new dict's the shared empty one, which the old dict takes. */
        PyDictObject *from = (PyDictObject *)decoded, *to = (PyDictObject *)value;
        if (from->ma_values == NULL && to->ma_values == NULL && to->ma_used == 0 && Py_REFCNT(decoded) == 1) {
            PyDictKeysObject *empty = to->ma_keys;
            to->ma_keys = from->ma_keys;
            to->ma_used = from->ma_used;
            from->ma_keys = empty;
            from->ma_used = 0;
#if PY_VERSION_HEX < 0x030C0000
            to->ma_version_tag = from->ma_version_tag;  /* the newer of the two versions, for what reads it */
#endif
            goto moved;
        }
    }
#endif
    if (PyDict_Merge(value, decoded, 1) < 0) {
        Py_DECREF(value);
        return NULL;
    }
#if KNOWN_CPYTHON
moved:
#endif
    /* The interpreter tracks a plain dict only once a container is stored in it: the decoded
     * dict's state answers for its copy without looking at the values. */
    if (!PyObject_GC_IsTracked(decoded))
        PyObject_GC_UnTrack(value);
    return value;
}

/* Give an object back to the cyclic garbage collector: the dicts this module untracks have a
 * __dict__, and an attribute set there can close a cycle that the collector must see. */
static PyObject *
speedups_track(PyObject *module, PyObject *obj)
{
    if (PyObject_IS_GC(obj) && !PyObject_GC_IsTracked(obj))
        PyObject_GC_Track(obj);
    Py_RETURN_NONE;
}

static PyObject *
speedups_cast_entity(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "cast_entity(plan, value) takes two arguments");
        return NULL;
    }
    if (aad_type == NULL || dt_cache == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_speedups.set_dict_class() and configure() have not been called");
        return NULL;
    }
    return cast_value(args[0], args[1]);
}

static PyObject *
speedups_set_dict_class(PyObject *module, PyObject *cls)
{
    if (!PyType_Check(cls) || !PyType_IsSubtype((PyTypeObject *)cls, &PyDict_Type)) {
        PyErr_SetString(PyExc_TypeError, "set_dict_class() takes a subclass of dict");
        return NULL;
    }
    Py_INCREF(cls);
    Py_XSETREF(aad_type, cls);
    Py_RETURN_NONE;
}

static PyObject *
speedups_configure(PyObject *module, PyObject *args)
{
    PyObject *cache, *convert, *shape, *descr, *parse;
    Py_ssize_t size;
    if (!PyArg_ParseTuple(args, "O!nOOOO:configure", &PyDict_Type, &cache, &size, &convert, &parse, &shape, &descr))
        return NULL;
    if (Py_TYPE(descr)->tp_descr_set == NULL) {
        PyErr_SetString(PyExc_TypeError, "_speedups: the class setter given has no __set__");
        return NULL;
    }
    Py_INCREF(cache);
    Py_XSETREF(dt_cache, cache);
    Py_INCREF(convert);
    Py_XSETREF(to_datetime, convert);
    Py_INCREF(shape);
    Py_XSETREF(untyped, shape);
    Py_INCREF(descr);
    Py_XSETREF(class_descr, descr);
    Py_INCREF(parse);
    Py_XSETREF(parse_iso, parse);
    dt_cache_size = size;
    Py_RETURN_NONE;
}

static PyMethodDef speedups_methods[] = {
    {"cast_entity", (PyCFunction)(void (*)(void))speedups_cast_entity, METH_FASTCALL,
     "cast_entity(plan, value) -> the value cast to the plan's entity class (in place where it can)."},
    {"decoded_dict", speedups_decoded_dict, METH_O,
     "decoded_dict(dict) -> an AttribAccessDict of its items: the JSON decoder's object hook."},
    {"track", speedups_track, METH_O,
     "track(obj): have the cyclic garbage collector track obj again (AttribAccessDict.__setattr__)."},
    {"set_dict_class", speedups_set_dict_class, METH_O,
     "set_dict_class(cls): the class of decoded JSON objects (AttribAccessDict)."},
    {"configure", speedups_configure, METH_VARARGS,
     "configure(datetime_cache, cache_size, to_datetime, parse_iso, untyped, class_setter):\n"
     "what the casts use; class_setter is object.__dict__['__class__']."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT, "mastodon.core._speedups",
    "The C version of the entity casts of mastodon.core.casting (optional).", -1, speedups_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL)
        return NULL;
    empty_tuple = PyTuple_New(0);
    assignable = PySet_New(NULL);
    if (empty_tuple == NULL || assignable == NULL)
        return NULL;
    return PyModule_Create(&speedups_module);
}
