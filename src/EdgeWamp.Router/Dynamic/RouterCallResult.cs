using System.Text.Json;

namespace EdgeWamp.Router.Dynamic;

/// <summary>
/// The answer to a call the router made itself: RESULT.Arguments (a JSON array) on success, or the ERROR URI
/// (an application error of the callee, or the dealer's own: no_such_procedure, timeout, canceled).
/// </summary>
internal sealed class RouterCallResult
{
    /// <summary>ERROR.Error, or null for a RESULT.</summary>
    public string? Error { get; init; }

    /// <summary>RESULT.Arguments as a JSON array (empty when the result had none).</summary>
    public JsonElement Arguments { get; init; }

    /// <summary>The first argument, when there is one.</summary>
    public bool TryGetFirst(out JsonElement first)
    {
        if (Error is null && Arguments.ValueKind == JsonValueKind.Array && Arguments.GetArrayLength() > 0)
        {
            first = Arguments[0];
            return true;
        }

        first = default;
        return false;
    }
}
