"""Plotting helpers shared by the labs (level 5): contours with trajectories, a function beside its
derivative, animated GIFs. matplotlib (and pillow for GIFs) are imported only when something is drawn.

Example:
    >>> import numpy as np
    >>> from axone import viz
    >>> X, Y, Z = viz.evaluate_grid(lambda x, y: x ** 2 + y ** 2, (-1, 1), (-1, 1), n=3)
    >>> Z
    array([[2., 1., 2.],
           [1., 0., 1.],
           [2., 1., 2.]])
"""

from axone.viz.animation import can_write_gif, save_trajectory_gif
from axone.viz.contours import contour_with_paths, evaluate_grid
from axone.viz.figures import pyplot
from axone.viz.functions import function_and_derivative_grid

__all__ = [
    "can_write_gif",
    "contour_with_paths",
    "evaluate_grid",
    "function_and_derivative_grid",
    "pyplot",
    "save_trajectory_gif",
]
