using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Transports.Http;

/// <summary>
/// The HTTP bridge: <c>POST /publish</c> ({"topic", "args", "kwargs"}) and <c>POST /call</c> ({"procedure", "args",
/// "kwargs"} → {"args", "kwargs"}), each run as one WAMP session through the router (see <see cref="HttpBridgeSession"/>).
/// WAMP errors become HTTP errors with the error URI in the JSON body.
/// </summary>
internal sealed class HttpBridge
{
    public const string PublishPath = "/publish";
    public const string CallPath = "/call";

    private readonly string _realm;
    private readonly TimeSpan _timeout;

    public HttpBridge(string realm, TimeSpan timeout)
    {
        _realm = realm;
        _timeout = timeout;
    }

    /// <summary>The HTTP status and JSON body for one bridge request whose body was read.</summary>
    public async Task<(int Status, string Body)> HandleAsync(string path, JsonElement request, string? authorization, IWampPeerFactory peers, HttpBridgeSession session, CancellationToken stopping)
    {
        bool publish = path == PublishPath;
        string uriName = publish ? "topic" : "procedure";
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty(uriName, out JsonElement uri) || uri.ValueKind != JsonValueKind.String)
        {
            return (400, ErrorBody("wamp.error.invalid_argument", $"the body must be a JSON object with a string '{uriName}'"));
        }

        JsonElement? args = request.TryGetProperty("args", out JsonElement a) ? a : null;
        JsonElement? kwargs = request.TryGetProperty("kwargs", out JsonElement k) ? k : null;
        if (args is { ValueKind: not JsonValueKind.Array } || kwargs is { ValueKind: not JsonValueKind.Object })
        {
            return (400, ErrorBody("wamp.error.invalid_argument", "'args' must be a JSON array and 'kwargs' a JSON object"));
        }

        if (!TryReadCredentials(authorization, out string? authId, out string? ticket))
        {
            return (401, ErrorBody("wamp.error.authentication_failed", "the Authorization header must be 'Bearer <token>' or 'Basic <base64 authid:ticket>'"));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_timeout);
        IWampPeer peer = peers.Open(session);
        try
        {
            (int status, string body)? refused = await JoinAsync(peer, session, authId, ticket, timeout.Token).ConfigureAwait(false);
            if (refused is { } answer)
            {
                return answer;
            }

            HttpBridgeSession.Send(peer, w =>
            {
                w.WriteNumberValue((int)(publish ? WampMessageType.Publish : WampMessageType.Call));
                w.WriteNumberValue(1);
                w.WriteStartObject();
                if (publish)
                {
                    w.WriteBoolean("acknowledge", true);
                }

                w.WriteEndObject();
                w.WriteStringValue(uri.GetString());
                if (args is not null || kwargs is not null)
                {
                    (args ?? EmptyArray()).WriteTo(w);
                }

                kwargs?.WriteTo(w);
            });

            using JsonDocument? reply = await session.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            (int, string) result = reply is null ? (502, ErrorBody("wamp.close.system_shutdown", "the router ended the session"))
                : HttpBridgeSession.TypeOf(reply) switch
                {
                    WampMessageType.Published => (200, $"{{\"publication\":{reply.RootElement[2].GetRawText()}}}"),
                    WampMessageType.Result => (200, ResultBody(reply.RootElement)),
                    WampMessageType.Error => ErrorReply(reply.RootElement),
                    _ => (502, ErrorBody("wamp.error.protocol_violation", "unexpected answer from the router")),
                };
            HttpBridgeSession.Send(peer, w =>
            {
                w.WriteNumberValue((int)WampMessageType.Goodbye);
                w.WriteStartObject();
                w.WriteEndObject();
                w.WriteStringValue("wamp.close.close_realm");
            });
            return result;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (504, ErrorBody("wamp.error.timeout", $"no answer within {_timeout.TotalSeconds:0} seconds"));
        }
        finally
        {
            session.Close();
            peer.OnDisconnected();
        }
    }

    /// <summary>HELLO, and the ticket for a CHALLENGE; null once WELCOME arrived, else the refusal to answer with.</summary>
    private async Task<(int, string)?> JoinAsync(IWampPeer peer, HttpBridgeSession session, string? authId, string? ticket, CancellationToken cancellationToken)
    {
        HttpBridgeSession.Send(peer, w =>
        {
            w.WriteNumberValue((int)WampMessageType.Hello);
            w.WriteStringValue(_realm);
            w.WriteStartObject();
            w.WriteStartObject("roles");
            w.WriteStartObject("publisher");
            w.WriteEndObject();
            w.WriteStartObject("caller");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("authmethods");
            w.WriteStringValue(ticket is null ? "anonymous" : "ticket");
            w.WriteEndArray();
            if (authId is not null)
            {
                w.WriteString("authid", authId);
            }

            w.WriteEndObject();
        });

        while (true)
        {
            using JsonDocument? message = await session.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            switch (message is null ? WampMessageType.None : HttpBridgeSession.TypeOf(message))
            {
                case WampMessageType.Welcome:
                    return null;
                case WampMessageType.Challenge when ticket is not null:
                    HttpBridgeSession.Send(peer, w =>
                    {
                        w.WriteNumberValue((int)WampMessageType.Authenticate);
                        w.WriteStringValue(ticket);
                        w.WriteStartObject();
                        w.WriteEndObject();
                    });
                    break;
                case WampMessageType.Abort:
                    string reason = message!.RootElement[2].GetString() ?? "wamp.error.not_authorized";
                    int status = reason switch
                    {
                        "wamp.error.no_such_realm" => 404,
                        // The router's refusal of wrong credentials is authentication_denied: a 401 like the others.
                        "wamp.error.authentication_failed" or "wamp.error.authentication_denied" or "wamp.error.no_auth_method"
                            or "wamp.error.not_authorized" => 401,
                        _ => 403,
                    };
                    return (status, ErrorBody(reason, DetailsMessage(message.RootElement[1])));
                default:
                    return (502, ErrorBody("wamp.error.protocol_violation", "the router did not welcome the session"));
            }
        }
    }

    /// <summary>ERROR [8, type, request, details, uri, args?, kwargs?] as an HTTP status and a JSON body with the URI.</summary>
    private static (int, string) ErrorReply(JsonElement error)
    {
        string uri = error[4].GetString() ?? "wamp.error.runtime_error";
        int status = uri switch
        {
            "wamp.error.no_such_procedure" or "wamp.error.no_such_registration" => 404,
            "wamp.error.not_authorized" or "wamp.error.authorization_failed" => 403,
            "wamp.error.invalid_uri" or "wamp.error.invalid_argument" => 400,
            "wamp.error.canceled" or "wamp.error.timeout" => 504,
            _ => 500,
        };
        var body = new StringBuilder("{\"error\":").Append(JsonSerializer.Serialize(uri, HttpBridgeJson.Default.String));
        if (error.GetArrayLength() > 5)
        {
            body.Append(",\"args\":").Append(error[5].GetRawText());
        }

        if (error.GetArrayLength() > 6)
        {
            body.Append(",\"kwargs\":").Append(error[6].GetRawText());
        }

        return (status, body.Append('}').ToString());
    }

    /// <summary>RESULT [50, request, details, args?, kwargs?] as {"args": [...], "kwargs": {...}}.</summary>
    private static string ResultBody(JsonElement result)
    {
        string args = result.GetArrayLength() > 3 ? result[3].GetRawText() : "[]";
        string kwargs = result.GetArrayLength() > 4 ? result[4].GetRawText() : "{}";
        return $"{{\"args\":{args},\"kwargs\":{kwargs}}}";
    }

    public static string ErrorBody(string uri, string? message) =>
        message is null
            ? $"{{\"error\":{JsonSerializer.Serialize(uri, HttpBridgeJson.Default.String)}}}"
            : $"{{\"error\":{JsonSerializer.Serialize(uri, HttpBridgeJson.Default.String)},\"message\":{JsonSerializer.Serialize(message, HttpBridgeJson.Default.String)}}}";

    private static string? DetailsMessage(JsonElement details) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

    private static JsonElement EmptyArray()
    {
        using JsonDocument empty = JsonDocument.Parse("[]");
        return empty.RootElement.Clone();
    }

    /// <summary>
    /// <c>Bearer token</c> (a ticket or JWT, no authid) or <c>Basic base64(authid:ticket)</c>; no header means
    /// anonymous. False for any other scheme or a malformed value.
    /// </summary>
    internal static bool TryReadCredentials(string? authorization, out string? authId, out string? ticket)
    {
        authId = ticket = null;
        if (authorization is null)
        {
            return true;
        }

        int space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        string scheme = authorization[..space];
        string value = authorization[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && value.Length > 0)
        {
            ticket = value;
            return true;
        }

        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(value.Length)];
        if (Base64.DecodeFromUtf8(Encoding.ASCII.GetBytes(value), decoded, out _, out int written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        string pair = Encoding.UTF8.GetString(decoded, 0, written);
        int colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        authId = pair[..colon];
        ticket = pair[(colon + 1)..];
        return true;
    }
}
