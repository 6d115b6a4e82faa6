"""The course style: log axes labelled with plain numbers, in the library and in a lesson."""


def test_log_axes_are_labelled_with_plain_numbers_in_the_labels_own_size(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import scale

    # matplotlib's own "log" scale to start with, whatever an earlier test registered; the
    # registry and rcParams are put back afterwards
    monkeypatch.setitem(scale._scale_mapping, "log", scale.LogScale)  # noqa: SLF001
    if hasattr(scale, "_scale_has_axis_parameter"):  # matplotlib >= 3.11
        monkeypatch.setitem(scale._scale_has_axis_parameter, "log", True)  # noqa: SLF001

    with matplotlib.rc_context():
        check_plain_log_labels(plt)
    plt.close("all")


def check_plain_log_labels(plt):
    from course_utils import gradient_descent, make_linear_data, use_course_style
    from course_utils.plotting import plot_losses

    def labels(axis, minor=False):
        axis.figure.canvas.draw()
        low, high = sorted(axis.get_view_interval())
        return [
            t.get_text()
            for tick, t in zip(axis.get_ticklocs(minor=minor), axis.get_ticklabels(minor=minor))
            if t.get_text() and low <= tick <= high
        ]

    before = plt.figure().subplots()
    before.semilogy([1, 1000])  # the learner's own axis, before the course style: untouched
    assert all(text.startswith("$") for text in labels(before.yaxis))
    # a library figure: plain numbers whether or not the learner called use_course_style()
    run = gradient_descent(*make_linear_data(), lr=0.01, epochs=50)
    assert labels(plot_losses([run]).yaxis) == ["10", "100"]
    before.semilogy([1, 1000])
    assert all(text.startswith("$") for text in labels(before.yaxis))  # still untouched
    use_course_style()
    mine = plt.figure().subplots()
    mine.semilogy([0.001, 1000])
    assert labels(mine.yaxis) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"]
    narrow = plt.figure().subplots()
    narrow.semilogy([2, 9])  # under one decade: matplotlib labels some minor ticks
    assert labels(narrow.yaxis, minor=True) == ["2", "3", "4", "6"]
    plt.close("all")
