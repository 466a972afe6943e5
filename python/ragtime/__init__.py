"""Ragtime from Python: AllenSDK-shaped analyses of NWB files returning xarray and pandas objects.

The work is done in this process by Ragtime's Java session API (``org.ragtime.io.ecephys.EcephysSession``,
``org.ragtime.io.ophys.OphysExperiment``) through JPype; arrays come back without a copy. See docs/python.md.

>>> import ragtime, numpy as np
>>> with ragtime.EcephysSession("data/nwb/generated/allensdk_style_ecephys_session.nwb") as s:
...     counts = s.presentationwise_spike_counts(np.linspace(-0.1, 0.5, 61), stimulus="drifting_gratings")
"""
from ._jvm import (RagtimeError, RagtimeInternalError, RagtimeSetupError, RagtimeWarning, start_jvm,  # noqa: F401
                   classpath, home, java_home, jvm_args)
from .ecephys import EcephysSession  # noqa: F401
from .ophys import OphysExperiment  # noqa: F401

__version__ = "0.1.0"

__all__ = ["EcephysSession", "OphysExperiment", "RagtimeError", "RagtimeInternalError", "RagtimeSetupError",
           "RagtimeWarning", "start_jvm", "presentationwise_spike_counts", "presentationwise_spike_times",
           "conditionwise_spike_statistics", "psth", "bin_spikes", "units", "stimulus_presentations",
           "event_triggered_response"]


def _on(path, method, *args, **kwargs):
    with EcephysSession(path) as s:
        return getattr(s, method)(*args, **kwargs)


def presentationwise_spike_counts(path, bin_edges, stimulus_presentation_ids=None, unit_ids=None, **kwargs):
    """:meth:`EcephysSession.presentationwise_spike_counts` of the NWB file at ``path`` (opened and closed)."""
    return _on(path, "presentationwise_spike_counts", bin_edges, stimulus_presentation_ids, unit_ids, **kwargs)


def presentationwise_spike_times(path, stimulus_presentation_ids=None, unit_ids=None, **kwargs):
    """:meth:`EcephysSession.presentationwise_spike_times` of the NWB file at ``path``."""
    return _on(path, "presentationwise_spike_times", stimulus_presentation_ids, unit_ids, **kwargs)


def conditionwise_spike_statistics(path, stimulus_presentation_ids=None, unit_ids=None, use_rates=False, **kwargs):
    """:meth:`EcephysSession.conditionwise_spike_statistics` of the NWB file at ``path``."""
    return _on(path, "conditionwise_spike_statistics", stimulus_presentation_ids, unit_ids, use_rates, **kwargs)


def psth(path, bin_edges, stimulus_presentation_ids=None, unit_ids=None, rate=False, **kwargs):
    """:meth:`EcephysSession.psth` of the NWB file at ``path``."""
    return _on(path, "psth", bin_edges, stimulus_presentation_ids, unit_ids, rate, **kwargs)


def bin_spikes(path, bin_size, start=0.0, stop=None, unit_ids=None, **kwargs):
    """:meth:`EcephysSession.bin_spikes` of the NWB file at ``path``."""
    return _on(path, "bin_spikes", bin_size, start, stop, unit_ids, **kwargs)


def units(path, unit_ids=None, **kwargs):
    """:meth:`EcephysSession.get_units` of the NWB file at ``path``."""
    return _on(path, "get_units", unit_ids, **kwargs)


def stimulus_presentations(path):
    """:attr:`EcephysSession.stimulus_presentations` of the NWB file at ``path``."""
    with EcephysSession(path) as s:
        return s.stimulus_presentations


def event_triggered_response(path, event_times=None, **kwargs):
    """:meth:`OphysExperiment.event_triggered_response` of the NWB file at ``path``."""
    with OphysExperiment(path) as x:
        return x.event_triggered_response(event_times, **kwargs)
