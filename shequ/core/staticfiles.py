"""The production static-files storage (issue #18): WhiteNoise's compressed, hashed copies, minus the rewriting of
`sourceMappingURL` comments. The vendored minified files (shequ/static/vendor) name source maps that are not
shipped; Django's ManifestStaticFilesStorage stops collectstatic on each such reference. A missing map only means
no map in a browser's developer tools."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

__all__ = ["StaticStorage"]


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(pattern for pattern in rules if "sourceMappingURL" not in str(pattern)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
