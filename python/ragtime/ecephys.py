"""AllenSDK's ``EcephysSession`` analyses over Ragtime's Java session API, returning xarray and pandas objects.

Names, arguments, dimensions and columns follow AllenSDK's
``allensdk/brain_observatory/ecephys/ecephys_session.py`` (docs/python.md cites the lines); the numbers,
coordinates, warnings and errors are those of the command line, which calls the same Java methods.
"""
import ast

import jpype
import numpy as np
import pandas as pd

from . import _convert
from ._file import NwbFile
from ._jvm import J, java_errors

_BIN_RULES = {"closed": "CLOSED", "half-open": "HALF_OPEN", "half_open": "HALF_OPEN"}


def _longs(values):
    """An id list (scalar, list, numpy array or pandas Index) as a Java long[]."""
    a = np.atleast_1d(np.asarray(values))
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            raise ValueError("ids must be integers, got %r" % (values,))
    elif a.dtype.kind not in "iu":
        raise TypeError("ids must be integers, got %r" % (values,))
    return jpype.JArray(jpype.JLong)(a.astype(np.int64).ravel())


def _doubles(values):
    return jpype.JArray(jpype.JDouble)(np.asarray(values, dtype=np.float64).ravel())


def _strings(values):
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    return jpype.JArray(jpype.JString)([str(v) for v in values])


def _units(unit_ids=None, structures=None, probes=None, filter=None, amplitude_cutoff_maximum=None,
           presence_ratio_minimum=None, isi_violations_maximum=None):
    """A Java UnitSelection (the command line's --units, --structure, --probe, --filter and bounds)."""
    s = J("org.ragtime.io.ecephys.UnitSelection").all()
    if unit_ids is not None:
        s = s.withIds(_longs(unit_ids))
    if structures is not None:
        s = s.structures(_strings(structures))
    if probes is not None:
        s = s.probes(_strings(probes))
    if filter is not None:
        s = s.filter(str(filter))
    if amplitude_cutoff_maximum is not None or presence_ratio_minimum is not None or isi_violations_maximum is not None:
        D = J("java.lang.Double")
        box = lambda x: None if x is None else D(float(x))  # noqa: E731
        s = s.bounds(box(amplitude_cutoff_maximum), box(presence_ratio_minimum), box(isi_violations_maximum))
    return s


def _count_type(dtype):
    if dtype is None:
        return None
    return J("org.ragtime.engine.CountType").ofNumpyName(np.dtype(dtype).name)


def _rule(bins):
    try:
        return getattr(J("org.ragtime.engine.BinRule"), _BIN_RULES[bins])
    except KeyError:
        raise ValueError("bins must be 'closed' (AllenSDK) or 'half-open', got %r" % (bins,)) from None


class EcephysSession(NwbFile):
    """An NWB extracellular session with AllenSDK's ``EcephysSession`` analyses as methods.

    >>> session = ragtime.EcephysSession("data/nwb/generated/allensdk_style_ecephys_session.nwb")
    >>> counts = session.presentationwise_spike_counts(np.arange(-0.1, 0.51, 0.01), stimulus="drifting_gratings")

    Every unit-taking method also accepts the command line's selection as keywords: ``structures``,
    ``probes``, ``filter`` (``"vc-default"`` or ``"vbn-default"``) and the bounds
    ``amplitude_cutoff_maximum``, ``presence_ratio_minimum``, ``isi_violations_maximum``. Presentations are
    chosen by ``stimulus_presentation_ids`` (AllenSDK's ids: all ``*_presentations`` tables ranked by
    start time) and/or ``stimulus`` (the rows of ``/intervals/NAME_presentations``); with neither, every
    presentation, as AllenSDK does. Bad input raises :class:`ragtime.RagtimeError` with the command line's
    message. Close the session (or use ``with``) to unmap the file; results stay valid after it. One analysis
    at a time per session (each runs on many threads); open one session per Python thread.
    """

    _java_class = "org.ragtime.io.ecephys.EcephysSession"

    def __init__(self, path, threads=None):
        super().__init__(path, threads)
        self._presentations = None

    def _intervals(self, stimulus_presentation_ids, stimulus, intervals=None, align_to=None, event_times=None):
        """The windows: presentations (AllenSDK's ids and/or a stimulus), the rows of an intervals table at a time
        column (``intervals="trials", align_to="change_time"``: dimension ``trials_id``) or bare ``event_times``
        (dimension ``event_id``), as the command line's --stimulus/--intervals/--align-to/--event-times."""
        I = J("org.ragtime.io.ecephys.Intervals")
        given = sum(x is not None for x in (intervals, event_times)) + (stimulus_presentation_ids is not None or stimulus is not None)
        if given > 1:
            raise ValueError("give one of stimulus_presentation_ids/stimulus, intervals and event_times")
        if align_to is not None and intervals is None:
            raise ValueError("align_to needs intervals")
        if intervals is not None:
            t = I.ofTable(str(intervals))
            return t if align_to is None else t.alignTo(str(align_to))
        if event_times is not None:
            return I.ofEventTimes(_doubles(event_times))
        if stimulus_presentation_ids is None and stimulus is None:
            n = int(self._session().stimulusPresentations().size())  # AllenSDK: None means every presentation
            return I.select(None, _longs(np.arange(n, dtype=np.int64)))
        return I.select(None if stimulus is None else str(stimulus),
                        None if stimulus_presentation_ids is None else _longs(stimulus_presentation_ids))

    def presentationwise_spike_counts(self, bin_edges, stimulus_presentation_ids=None, unit_ids=None, binarize=False,
                                      dtype=None, large_bin_size_threshold=0.001, time_domain_callback=None, *,
                                      stimulus=None, intervals=None, align_to=None, event_times=None, bins="closed",
                                      copy=False, **units):
        """AllenSDK's ``presentationwise_spike_counts``: a DataArray ``spike_counts`` of dims
        (stimulus_presentation_id, time_relative_to_stimulus_onset, unit_id), uint16 by default (uint8 with
        ``binarize``; widened to int32 with a RagtimeWarning-free note in ``attrs["notes"]`` when a count does
        not fit, where AllenSDK would wrap). A spike t counts in bin [a, b] when a <= t <= b (``bins="half-open"``:
        a <= t < b). Attributes ``dtype``, ``bins``, ``bin_edges``. The array is the Java result's memory, not
        a copy (``copy=True`` for a copy)."""
        if time_domain_callback is not None:
            raise NotImplementedError("time_domain_callback is not supported (the windows are start_time + bin_edges)")
        if large_bin_size_threshold != 0.001:
            raise NotImplementedError("large_bin_size_threshold is fixed at AllenSDK's default, 0.001 s")
        with java_errors():
            r = self._session().presentationwiseSpikeCounts(_doubles(bin_edges),
                                                             self._intervals(stimulus_presentation_ids, stimulus, intervals,
                                                                             align_to, event_times),
                                                             _units(unit_ids, **units), _count_type(dtype),
                                                             bool(binarize), _rule(bins), None)
        return _convert.data_array(r, "spike_counts", copy=copy)

    def psth(self, bin_edges, stimulus_presentation_ids=None, unit_ids=None, rate=False, *, stimulus=None,
             intervals=None, align_to=None, event_times=None, bins="closed", copy=False, **units):
        """Mean PSTH (the command line's ``psth``): per unit and bin, the mean spike count per presentation
        (spikes/s with ``rate``), computed without the presentations x bins x units cube. DataArray ``psth``,
        float64, dims (unit_id, time_relative_to_stimulus_onset); attributes ``units``, ``presentations``,
        ``bins``, ``bin_edges``."""
        with java_errors():
            r = self._session().psth(_doubles(bin_edges), self._intervals(stimulus_presentation_ids, stimulus, intervals, align_to,
                                                                          event_times),
                                     _units(unit_ids, **units), _rule(bins), bool(rate), None)
        return _convert.data_array(r, "psth", copy=copy)

    def bin_spikes(self, bin_size, start=0.0, stop=None, unit_ids=None, dtype=None, *, copy=False, **units):
        """Whole-session binning (the command line's ``bin``, pynapple's ``count(bin_size)``): n =
        floor((stop - start) / bin_size) + 1 bins [start + k*bin_size, start + (k+1)*bin_size), so a spike at
        ``stop`` lands in the last bin; ``stop`` defaults to the last spike of the selected units. DataArray
        ``spike_counts``, int32 by default, dims (unit_id, bin_start); attributes ``bin_size``, ``dtype``."""
        with java_errors():
            r = self._session().binnedSpikeCounts(float(bin_size), float(start),
                                                  None if stop is None else J("java.lang.Double")(float(stop)),
                                                  _units(unit_ids, **units), _count_type(dtype), None)
        return _convert.data_array(r, "spike_counts", copy=copy)

    def presentationwise_spike_times(self, stimulus_presentation_ids=None, unit_ids=None, *, stimulus=None, intervals=None,
                                     align_to=None, **units):
        """AllenSDK's ``presentationwise_spike_times``: a DataFrame indexed by ``spike_time`` with columns
        ``stimulus_presentation_id``, ``unit_id``, ``time_since_stimulus_presentation_onset``; a spike belongs
        to presentation p when start_p < t <= stop_p; rows by spike time, then unit id."""
        with java_errors():
            t = self._session().presentationwiseSpikeTimes(self._intervals(stimulus_presentation_ids, stimulus, intervals,
                                                                           align_to),
                                                           _units(unit_ids, **units))
        return _convert.data_frame(t, index="spike_time")

    def conditionwise_spike_statistics(self, stimulus_presentation_ids=None, unit_ids=None, use_rates=False, *,
                                       stimulus=None, **units):
        """AllenSDK's ``conditionwise_spike_statistics``: a DataFrame indexed by (unit_id,
        stimulus_condition_id) with ``spike_count`` (not with ``use_rates``), ``stimulus_presentation_count``,
        ``spike_mean``, ``spike_std`` (ddof 1), ``spike_sem``; rows by condition, then unit; every selected unit
        appears (AllenSDK leaves out units without spikes when ``unit_ids`` is None)."""
        with java_errors():
            t = self._session().conditionwiseSpikeStatistics(self._intervals(stimulus_presentation_ids, stimulus),
                                                             _units(unit_ids, **units), bool(use_rates))
        return _convert.data_frame(t, index=["unit_id", "stimulus_condition_id"])

    def get_units(self, unit_ids=None, **units):
        """The units joined with their peak channel and probe (the command line's ``units``), indexed by
        ``unit_id``: every scalar ``/units`` column, channel positions, CCF coordinates, ``structure_acronym``,
        ``probe``; filters as keywords (``filter="vc-default"``, ``structures=...``)."""
        with java_errors():
            t = self._session().units(_units(unit_ids, **units))
        return _convert.data_frame(t, index="unit_id")

    @property
    def units(self):
        """Every unit, unfiltered, as :meth:`get_units` gives them (AllenSDK's ``units`` applies the vc-default
        quality filter; here ask for it: ``get_units(filter="vc-default")``)."""
        return self.get_units()

    @property
    def stimulus_presentations(self):
        """AllenSDK's ``stimulus_presentations``: every ``/intervals/*_presentations`` table joined, indexed by
        ``stimulus_presentation_id`` (rank by start time); columns ``start_time``, ``stop_time``,
        ``stimulus_name``, ``stimulus_block``, the parameter columns ("null" where a table lacks one, as
        AllenSDK fills), ``duration`` and ``stimulus_condition_id``. Presentations overlapping an invalid
        interval tagged "stimulus" are masked as AllenSDK masks them (name ``invalid_presentation``, NaN
        parameters, duration and condition)."""
        if self._presentations is None:
            with java_errors():
                self._presentations = _presentations(self._session())
        return self._presentations.copy()

    @property
    def stimulus_names(self):
        """The distinct ``stimulus_name`` values, in presentation order."""
        return list(pd.unique(self.stimulus_presentations["stimulus_name"]))


def _cell(v, kind, name):
    """One parameter value as AllenSDK's table holds it (numbers as float, missing as "null")."""
    if kind == "STRING":
        if v is None or v == "" or v == "N/A":
            return "null"
        if name == "color":
            try:
                n = ast.literal_eval(v.strip())
                if isinstance(n, (int, float)) and not isinstance(n, bool):
                    return float(n)
            except (ValueError, SyntaxError):
                pass
        return v
    if kind == "BOOL":
        return bool(v)
    return "null" if np.isnan(v) else float(v)


def _column_values(table, name):
    """The values of one presentations column in bulk, with the column's kind."""
    c = table.column(name)
    kind = str(c.kind().name())
    n = int(table.rowCount())
    if kind in ("DOUBLE", "LONG"):
        return np.array(c.array().toDoubleArray(), dtype=np.float64), kind
    if kind == "BOOL":
        return [bool(c.getBoolean(i)) for i in range(n)], kind
    if kind == "STRING":
        return [None if c.getString(i) is None else str(c.getString(i)) for i in range(n)], kind
    return [str(c.get(i)) for i in range(n)], "OTHER"


def _presentations(java_session):
    p = java_session.stimulusPresentations()
    n = int(p.size())
    tables = {}  # table name -> (DynamicTable, {column: (values, kind)})
    for name, t in java_session.session().intervals().items():
        name = str(name)
        if name.endswith("_presentations"):
            tables[name] = t
    params = [str(x) for x in p.parameterNames()]
    which = [str(p.table(i)) for i in range(n)]
    rows = np.array([int(p.row(i)) for i in range(n)], dtype=np.int64)
    masked = np.array([bool(p.isMasked(i)) for i in range(n)], dtype=bool)
    start = np.array([float(p.start(i)) for i in range(n)])
    stop = np.array([float(p.stop(i)) for i in range(n)])
    names = [str(p.stimulusName(i)) for i in range(n)]
    cond = np.array([int(p.conditionId(i)) for i in range(n)], dtype=np.float64)
    cond[masked] = np.nan
    cache = {}

    def column(table, name):
        key = (table, name)
        if key not in cache:
            t = tables[table]
            cache[key] = _column_values(t, name) if t.has(name) else None
        return cache[key]

    out = {"start_time": start, "stop_time": stop, "stimulus_name": names}
    extra = ["stimulus_block"] + [c for c in params if c != "stimulus_name"]
    for name in extra:
        values = []
        for i in range(n):
            col = column(which[i], name)
            if masked[i]:
                values.append(np.nan)
            elif col is None:
                values.append("null" if name != "stimulus_block" else np.nan)
            else:
                v, kind = col
                x = v[rows[i]]
                values.append(float(x) if name == "stimulus_block" and kind in ("DOUBLE", "LONG")
                              else _cell(x, kind, name))
        if name == "stimulus_block" and all(isinstance(x, float) for x in values):
            out[name] = np.array(values, dtype=np.float64)
        elif all(isinstance(x, float) for x in values):
            out[name] = np.array(values, dtype=np.float64)
        else:
            a = np.empty(n, dtype=object)
            a[:] = values
            out[name] = a
    duration = stop - start
    duration[masked] = np.nan
    out["duration"] = duration
    # AllenSDK's condition ids turn float only where masked presentations put NaN among them
    out["stimulus_condition_id"] = cond if masked.any() else cond.astype(np.int64)
    if not any(t.has("stimulus_block") for t in tables.values()):
        del out["stimulus_block"]
    df = pd.DataFrame(out)
    df.index = pd.Index(np.arange(n, dtype=np.int64), name="stimulus_presentation_id")
    return df
