"""``ax.optim``: torch's optimizer names and signatures over ``axone.optimizers`` (level 4).

Example:
    >>> import axone as ax
    >>> net = ax.nn.Linear(2, 1)
    >>> opt = ax.optim.Adam(net.parameters(), lr=0.01)
    >>> sched = ax.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5); sched.step()
    >>> opt.param_groups[0]["lr"]
    0.005
"""

from axone.optim import lr_scheduler
from axone.optim.optimizer import SGD, Adadelta, Adagrad, Adam, AdamW, DeltaBarDelta, Optimizer, RMSprop, Rprop

__all__ = [
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "DeltaBarDelta",
    "Optimizer",
    "RMSprop",
    "Rprop",
    "lr_scheduler",
]
