from axone.utils import data  # noqa: F401 - ax.utils.data (TensorDataset, DataLoader)
