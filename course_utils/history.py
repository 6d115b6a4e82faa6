"""``History``, the record of a training run, and ``TrainingDiverged``, the error that carries it.

Plain Python with no internal imports and no torch: lesson 01's NumPy gradient descent fills
the same record as lesson 04's training loop, without importing that loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["History", "TrainingDiverged"]


@dataclass
class History:
    """What happened during training, as plain Python floats (never tensors).

    Two losses, because "the loss of epoch k" can mean two things:

    - ``loss_after[k]`` is the loss on the whole training set **after k epochs**, at the
      parameters ``params[k]``. ``loss_after[0]`` is before any training, so
      ``len(loss_after) == epochs + 1``. "The loss after 10 epochs" is ``loss_after[10]``.
    - ``loss[k - 1]`` is the loss **measured during epoch k**: each batch's loss before its own
      update, weighted by batch size. For full batch it is the loss at the *start* of epoch k
      (``loss[k - 1] == loss_after[k - 1]``), so ``loss[0]`` is the starting loss, not the loss
      after one epoch. It costs nothing extra, which is why training loops print it.

    Attributes:
        loss: per epoch, the loss measured during it (see above; index k - 1 for epoch k).
        loss_after: the training-set loss after 0, 1, ..., epochs epochs (see above), computed
            in eval mode without gradients; ``loss_after[k]`` belongs with ``params[k]``.
        val_loss: per epoch, the validation loss after the epoch (empty without validation):
            ``val_loss[k - 1]`` is after epoch k.
        params: parameter snapshots from ``get_params``; ``params[0]`` is the start,
            ``params[k]`` after epoch k, so ``len(params) == len(loss) + 1``. Keys ``"w"`` and
            ``"b"`` for a line. Recorded only for small models (at most 20 numbers, what
            ``get_params`` handles); for bigger models ``params`` stays empty.
        step_loss: the loss of every single update, in order.
        steps: cumulative number of updates at the end of each epoch.
        samples: cumulative number of samples seen at the end of each epoch.
        time: cumulative wall-clock seconds of training at the end of each epoch.
        label: a name for legends (e.g. ``"batch 16, lr 0.01"``).

    Introduced in notebook 01 (NumPy gradient descent fills one); ``fit`` in notebook 04.
    """

    loss: list[float] = field(default_factory=list)
    loss_after: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    params: list[dict[str, float]] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    samples: list[int] = field(default_factory=list)
    time: list[float] = field(default_factory=list)
    label: str = ""

    @property
    def epochs(self) -> int:
        """Number of completed epochs."""
        return len(self.loss)

    def curve(self) -> tuple[list[int], list[float]]:
        """(epochs, losses) to plot: the loss after 0, 1, ..., n epochs (``loss_after``), so a
        point at epoch k is the loss at ``params[k]``. A History filled by hand without
        ``loss_after`` gives ``loss`` at epochs 1..n instead (the loss during each epoch)."""
        if self.loss_after:
            return list(range(len(self.loss_after))), list(self.loss_after)
        return list(range(1, len(self.loss) + 1)), list(self.loss)

    def param_path(self, *names: str) -> list[tuple[float, ...]]:
        """The trajectory of the named parameters, e.g. ``param_path("w", "b")``."""
        names = names or ("w", "b")
        return [tuple(p[n] for n in names) for p in self.params]

    def up_to(self, epochs: int) -> History:
        """The record of the first ``epochs`` epochs: the run as it stood after them.

        A run of 40 epochs holds the run of 20 with the same settings and seed (same data
        order, same updates), so ``history.up_to(20)`` draws it without training again.
        Introduced in notebook 06.
        """
        if (
            isinstance(epochs, bool)
            or not isinstance(epochs, int)
            or not 0 <= epochs <= self.epochs
        ):
            raise ValueError(
                f"epochs must be a whole number from 0 to {self.epochs} (the epochs this run "
                f"completed), got {epochs!r}"
            )
        steps = self.steps[epochs - 1] if epochs else 0
        return History(
            loss=self.loss[:epochs],
            loss_after=self.loss_after[: epochs + 1],
            val_loss=self.val_loss[:epochs],
            params=self.params[: epochs + 1],
            step_loss=self.step_loss[:steps],
            steps=self.steps[:epochs],
            samples=self.samples[:epochs],
            time=self.time[:epochs],
            label=self.label,
        )

    def end_epoch(
        self,
        loss: float,
        step_losses: list[float],
        samples: int,
        seconds: float,
        params: dict[str, float] | None = None,
        loss_after: float | None = None,
    ) -> None:
        """Record one finished epoch: the loss measured during it, the loss of each of its
        updates, how many samples it saw, the training time so far, (for small models) the
        parameters after it and the training-set loss after it."""
        self.loss.append(loss)
        if loss_after is not None:
            self.loss_after.append(loss_after)
        self.step_loss += step_losses
        self.steps.append(len(self.step_loss))
        self.samples.append((self.samples[-1] if self.samples else 0) + samples)
        self.time.append(seconds)
        if params is not None:
            self.params.append(params)


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite. ``history`` holds every epoch before it happened.

    Introduced in notebook 04.
    """

    def __init__(self, epoch: int, loss: float, history: History, lr: float | None = None):
        self.epoch, self.loss, self.history = epoch, loss, history
        at = f" with lr={lr:g}" if lr is not None else ""
        super().__init__(
            f"training diverged at epoch {epoch}: the loss became {loss}{at}. "
            "Try a smaller learning rate (e.g. 10x smaller) or standardise the inputs "
            "(Standardizer) so one learning rate suits every parameter. "
            f"The history of the {len(history.loss)} completed epoch(s) is on this "
            "exception's .history."
        )
