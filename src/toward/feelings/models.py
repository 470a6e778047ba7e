# The feelings wheel is content (content/data/feelings_wheel.yaml), not rows: nothing to store.
