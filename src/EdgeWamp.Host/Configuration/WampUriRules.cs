namespace EdgeWamp.Host.Configuration;

/// <summary>
/// The URI rules of the WAMP Basic Profile, section "URIs": dot-separated components with no whitespace and
/// no <c>#</c> (the loose rule), empty components only in wildcard patterns, and <c>wamp.</c> reserved.
/// </summary>
internal static class WampUriRules
{
    private const string ReservedPrefix = "wamp.";

    /// <summary>Why <paramref name="name"/> cannot be a realm name, or null when it can.</summary>
    public static string? CheckRealmName(string name)
    {
        if (name.Length == 0)
        {
            return "a realm name must not be empty";
        }

        if (CheckUri(name, allowEmptyComponents: false) is { } problem)
        {
            return $"'{name}' is not a valid realm name: {problem}";
        }

        return name.StartsWith(ReservedPrefix, StringComparison.Ordinal)
            ? $"'{name}' is not a valid realm name: URIs starting with 'wamp.' are reserved by the WAMP specification"
            : null;
    }

    /// <summary>Why <paramref name="uri"/> cannot be matched in the given way, or null when it can.</summary>
    public static string? CheckPattern(string uri, string match)
    {
        switch (match)
        {
            case ConfigVocabulary.MatchExact when uri.Length == 0:
                return "an exact URI must not be empty; use \"match\": \"prefix\" with \"uri\": \"\" to cover every URI";
            case ConfigVocabulary.MatchExact:
                return CheckUri(uri, allowEmptyComponents: false) is { } exactProblem ? $"'{uri}' is not a valid URI: {exactProblem}" : null;
            case ConfigVocabulary.MatchWildcard:
                return CheckUri(uri, allowEmptyComponents: true) is { } wildcardProblem ? $"'{uri}' is not a valid wildcard pattern: {wildcardProblem}" : null;
            default:
                // A prefix may stop in the middle of a component ("sensors.te"), so only the characters are checked.
                return FindForbiddenCharacter(uri) is { } prefixProblem ? $"'{uri}' is not a valid URI prefix: {prefixProblem}" : null;
        }
    }

    private static string? CheckUri(string uri, bool allowEmptyComponents)
    {
        if (FindForbiddenCharacter(uri) is { } problem)
        {
            return problem;
        }

        if (!allowEmptyComponents && uri.Split('.').Any(component => component.Length == 0))
        {
            return "components between dots must not be empty";
        }

        return null;
    }

    private static string? FindForbiddenCharacter(string uri)
    {
        foreach (var c in uri)
        {
            if (char.IsWhiteSpace(c))
            {
                return "it contains whitespace";
            }

            if (c == '#')
            {
                return "it contains '#'";
            }
        }

        return null;
    }
}
