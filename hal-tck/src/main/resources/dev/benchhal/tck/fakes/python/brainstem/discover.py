from . import link, stem


def findAllModules(transport):
    if transport != link.Spec.USB:
        return []
    return [link.Spec(link.Spec.USB, serial, 6, model) for serial, (model, _) in sorted(stem.HUBS.items())
            if not stem.unplugged(serial)]
