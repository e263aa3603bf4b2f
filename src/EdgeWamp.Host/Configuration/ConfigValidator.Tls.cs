namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    private void CheckTls(TlsConfig tls, string path)
    {
        CheckReadableFile(tls.Certificate, $"{path}.certificate", "the certificate PEM file");
        CheckReadableFile(tls.Key, $"{path}.key", "the private key PEM file");
        if (!ConfigVocabulary.ClientCertificateModes.Contains(tls.ClientCertificates))
        {
            Error($"{path}.clientCertificates", $"unknown mode '{tls.ClientCertificates}'; expected one of: {string.Join(", ", ConfigVocabulary.ClientCertificateModes)}");
        }
        else if (tls.ClientCertificates != ConfigVocabulary.ClientCertificatesNone && tls.ClientCa is null)
        {
            Error($"{path}.clientCa", $"client certificates are '{tls.ClientCertificates}': name the CA certificates (PEM) they must chain to");
        }

        if (tls.ClientCa is not null)
        {
            CheckReadableFile(tls.ClientCa, $"{path}.clientCa", "the client CA PEM file");
        }
    }

    private void CheckWebSocket(WebSocketConfig webSocket, string path)
    {
        if (webSocket.AllowedOrigins is { } origins)
        {
            for (int i = 0; i < origins.Count; i++)
            {
                // An origin is scheme://host[:port] (RFC 6454), exactly what a browser sends; "*" admits any, and
                // "null" is what a page opened from a file sends.
                if (origins[i] is not ("*" or "null") && !(Uri.TryCreate(origins[i], UriKind.Absolute, out Uri? uri) && uri.GetLeftPart(UriPartial.Authority) == origins[i]))
                {
                    Error($"{path}.allowedOrigins[{i}]", $"'{origins[i]}' is not an origin such as \"https://dashboard.local\" (scheme, host and port only, no path or trailing '/'), nor \"*\" or \"null\"");
                }
            }
        }

        if (webSocket.LongPoll is { } longPoll && (!longPoll.StartsWith('/') || longPoll.Length < 2 || longPoll.EndsWith('/')))
        {
            Error($"{path}.longPoll", $"'{longPoll}' is not a base path such as \"/longpoll\" (starting with '/', not ending with one)");
        }

        if (webSocket.Bridge is { } bridge)
        {
            CheckNotEmpty(bridge.Realm, $"{path}.bridge.realm", "the bridge's realm");
            if (bridge.TimeoutMs < 1)
            {
                Error($"{path}.bridge.timeoutMs", $"{bridge.TimeoutMs} is out of range; a timeout is positive");
            }
        }

        if (webSocket.Cookie is { } cookie && (cookie.Length == 0 || !cookie.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            Error($"{path}.cookie", $"'{cookie}' is not a cookie name; use letters, digits, '_', '-' and '.'");
        }
    }

    private void CheckReadableFile(string file, string path, string what)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            Error(path, $"{what} must not be empty");
        }
        else if (!File.Exists(file))
        {
            Error(path, $"{what} '{file}' does not exist");
        }
    }
}
