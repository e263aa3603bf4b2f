using System.Text.Json;
using EdgeWamp.Router.Dynamic;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Authentication;

/// <summary>
/// Asks a dynamic authenticator about one client, following the convention of Crossbar.io's dynamic authenticators:
/// the procedure is called with (realm, authid, details), details holding authmethod, ticket, session and transport;
/// it returns a role name, or a dict {role, authid?, realm?}; raising an error denies.
/// </summary>
internal static class DynamicAuthentication
{
    /// <summary>WELCOME.Details.authprovider for principals a dynamic authenticator granted.</summary>
    public const string Provider = "dynamic";

    /// <summary>Errors of the dealer itself: the authenticator gave no verdict, so authentication failed rather than was denied.</summary>
    private static readonly HashSet<string> TechnicalErrors = new(StringComparer.Ordinal)
    {
        "wamp.error.no_such_procedure", "wamp.error.timeout", "wamp.error.canceled", "wamp.error.unavailable",
        "edgewamp.error.too_many_pending_calls", "wamp.error.invalid_argument",
    };

    /// <summary>
    /// Calls the authenticator; null, with <paramref name="refusal"/>, when there is nothing to call (its realm is
    /// gone). The task completes with the answer or the dealer's error (no registration, timeout).
    /// </summary>
    public static Task<RouterCallResult>? Ask(
        WampRouter router, WampSession session, Realm realm, DynamicTicketChallenge challenge, AuthenticateInput input, out DynamicAuthenticationVerdict refusal)
    {
        DynamicAuthenticator authenticator = challenge.Authenticator;
        string calleeRealm = authenticator.AuthenticatorRealm ?? authenticator.Realm;
        if (router.FindRealm(System.Text.Encoding.UTF8.GetBytes(calleeRealm))?.RouterCaller is not { } caller)
        {
            refusal = DynamicAuthenticationVerdict.Failed($"authenticator realm '{calleeRealm}' does not exist");
            return null;
        }

        refusal = default;
        return caller.CallAsync(authenticator.Procedure, Arguments(session, realm.Name, challenge.RequestedAuthId, input.Signature), authenticator.Timeout);
    }

    /// <summary>What the authenticator's answer (or the dealer's error) means for the client.</summary>
    public static DynamicAuthenticationVerdict Interpret(DynamicTicketChallenge challenge, Realm realm, RouterCallResult result)
    {
        DynamicAuthenticator authenticator = challenge.Authenticator;
        if (result.Error is { } error)
        {
            return TechnicalErrors.Contains(error)
                ? DynamicAuthenticationVerdict.Failed($"{authenticator.Procedure} gave no verdict: {error}")
                : DynamicAuthenticationVerdict.Denied($"{authenticator.Procedure} refused authid '{challenge.RequestedAuthId}': {error}");
        }

        try
        {
            return InterpretResult(authenticator, realm, challenge.RequestedAuthId, result);
        }
        catch (Exception exception) when (exception is InvalidOperationException or JsonException)
        {
            // Fail secure: an answer that cannot be read lets nobody in.
            return DynamicAuthenticationVerdict.Failed($"{authenticator.Procedure} gave an unreadable answer: {exception.Message}");
        }
    }

    /// <summary>[realm, authid, {authmethod, ticket, session, transport: {type, peer}}]</summary>
    private static byte[] Arguments(WampSession session, string realm, string? authId, string ticket)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(realm);
            if (authId is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(authId);
            }

            writer.WriteStartObject();
            writer.WriteString("authmethod"u8, AuthMethodNames.Ticket);
            writer.WriteString("ticket"u8, ticket);
            writer.WriteNumber("session"u8, session.Id);
            writer.WriteStartObject("transport"u8);
            writer.WriteString("type"u8, session.Connection.Transport.Kind.ToString().ToLowerInvariant());
            writer.WriteString("peer"u8, session.Transport);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static DynamicAuthenticationVerdict InterpretResult(DynamicAuthenticator authenticator, Realm realm, string? requestedAuthId, RouterCallResult result)
    {
        string procedure = authenticator.Procedure;
        if (!result.TryGetFirst(out JsonElement answer))
        {
            return DynamicAuthenticationVerdict.Failed($"{procedure} returned nothing; expected a role or {{role, authid?, realm?}}");
        }

        string? role;
        string? authId = requestedAuthId;
        if (answer.ValueKind == JsonValueKind.String)
        {
            role = answer.GetString();
        }
        else if (answer.ValueKind == JsonValueKind.Object)
        {
            role = ReadString(answer, "role");
            authId = ReadString(answer, "authid") ?? requestedAuthId;
            if (ReadString(answer, "realm") is { } otherRealm && otherRealm != realm.Name)
            {
                return DynamicAuthenticationVerdict.Failed($"{procedure} assigned realm '{otherRealm}', but the client asked for '{realm.Name}'");
            }
        }
        else
        {
            return DynamicAuthenticationVerdict.Failed($"{procedure} returned a {answer.ValueKind}; expected a role or {{role, authid?, realm?}}");
        }

        if (string.IsNullOrEmpty(role) || realm.FindRole(role) is null)
        {
            return DynamicAuthenticationVerdict.Failed($"{procedure} assigned role '{role}', which realm '{realm.Name}' does not define");
        }

        if (string.IsNullOrEmpty(authId))
        {
            return DynamicAuthenticationVerdict.Failed($"{procedure} gave no authid for a client that sent none");
        }

        return DynamicAuthenticationVerdict.Granted(new DynamicPrincipal { AuthId = authId, Realm = realm.Name, Role = role });
    }

    private static string? ReadString(JsonElement map, string key) =>
        map.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
