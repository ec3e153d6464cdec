raise RuntimeError('not today')
