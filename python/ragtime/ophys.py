"""mindscope's ``event_triggered_response`` over Ragtime's Java ``OphysExperiment`` (kept small: one call)."""

import numpy as np

from . import _convert
from .ecephys import _doubles
from ._file import NwbFile
from ._jvm import J, java_errors


class OphysExperiment(NwbFile):
    """A Visual Behavior 2-photon NWB file (AllenSDK's ``BehaviorOphysExperiment`` layout).

    >>> x = ragtime.OphysExperiment("data/nwb/generated/allensdk_style_behavior_ophys_experiment.nwb")
    >>> r = x.event_triggered_response(stimulus="Natural_Images_Lum_Matched_set_training_2017.07.14", t_start=-0.5, t_end=0.75)
    """

    _java_class = "org.ragtime.io.ophys.OphysExperiment"

    def stimulus_start_times(self, stimulus):
        """The start times of a stimulus's presentations (``NAME`` or ``NAME_presentations``), in table order."""
        with java_errors():
            return np.array(self._java.stimulusStartTimes(str(stimulus)))

    def event_triggered_response(self, event_times=None, t_start=None, t_end=None, t_before=None, t_after=None,
                                 output_sampling_rate=None, include_endpoint=True, interpolate=True, *,
                                 stimulus=None, series=None, copy=False):
        """mindscope's ``event_triggered_response`` of every ROI (the command line's ``align-dff``) as a
        DataArray ``response``, float64, dims (cell_specimen_id, event_time, time), ``cell_roi_id`` along the
        cells; attributes ``series``, ``interpolate``, ``rate``. Exactly one of ``t_start``/``t_before`` and
        one of ``t_end``/``t_after`` (``t_start = -t_before``), as mindscope asserts. Events: ``event_times``
        (seconds, any order) or ``stimulus`` (its presentations' start times). ``series``: another
        RoiResponseSeries path (default dF/F). Interpolated onto mindscope's ``get_time_array`` grid at
        ``output_sampling_rate`` (default 1 / mean frame interval); ``interpolate=False``: the nearest frame
        and its neighbours."""
        if (t_start is None) == (t_before is None) or (t_end is None) == (t_after is None):
            raise ValueError("give exactly one of t_start and t_before, and one of t_end and t_after")
        start = float(t_start) if t_start is not None else -float(t_before)
        stop = float(t_end) if t_end is not None else float(t_after)
        if (event_times is None) == (stimulus is None):
            raise ValueError("give event_times or stimulus (one of them)")
        if not interpolate and output_sampling_rate is not None:
            raise ValueError("output_sampling_rate needs interpolate=True (the nearest path keeps the frame rate)")
        S = J("org.ragtime.io.ophys.OphysExperiment$Sampling")
        sampling = S.interpolated() if interpolate else S.nearest()
        if output_sampling_rate is not None:
            sampling = sampling.atRate(float(output_sampling_rate))
        if not include_endpoint:
            sampling = sampling.excludingEndpoint()
        with java_errors():
            times = self._java.stimulusStartTimes(str(stimulus)) if stimulus is not None else _doubles(event_times)
            r = self._java.eventTriggeredResponse(None if series is None else str(series), times, start, stop, sampling,
                                                  J("org.ragtime.io.LabelledArray").ownedMemory())
        return _convert.data_array(r, "response", copy=copy)
