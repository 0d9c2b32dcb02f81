"""What a Content-Security-Policy must allow beyond the site itself. Apps that add a
third-party script to public pages (the national EMC measurement tag: sitewide) register a
function that returns the origins they load scripts from; a policy (the header issue 17 adds)
reads `script_sources(request)` and adds them to `script-src`."""

_script_source_providers = []


def register_script_sources(function):
    """Register `function(request)`, which returns the origins ("https://host") of the scripts
    its app adds to the page answering `request`."""
    _script_source_providers.append(function)
    return function


def script_sources(request=None):
    """The origins every registered app loads scripts from, sorted, each once."""
    found = set()
    for provider in _script_source_providers:
        found.update(provider(request) or ())
    return sorted(found)
