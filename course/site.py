"""A small Sphinx extension for the course website (listed in ``_config.yml``).

Jupyter Book 1 sets up sphinx-thebe and sphinx-togglebutton so that their inline scripts are added
twice; the second ``const THEBE_JS_URL`` is a SyntaxError in every page's console. This extension drops
repeated scripts from each page.
"""


def _key(script):
    attributes = getattr(script, "attributes", {}) or {}
    return str(getattr(script, "filename", script) or ""), str(attributes.get("body", ""))


def _unique_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        if _key(script) not in seen:
            seen.add(_key(script))
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)  # after other extensions add theirs
    return {"parallel_read_safe": True, "parallel_write_safe": True}
