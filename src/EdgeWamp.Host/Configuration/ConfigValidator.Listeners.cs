using System.Text;

namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    // sun_path in struct sockaddr_un is 108 bytes on Linux, one of them the terminating NUL.
    private const int MaxUnixSocketPathBytes = 107;

    private void CheckListeners(IReadOnlyList<ListenerConfig> listeners)
    {
        for (var i = 0; i < listeners.Count; i++)
        {
            CheckListener(listeners[i], $"$.listeners[{i}]");
        }
    }

    private void CheckListener(ListenerConfig listener, string path)
    {
        var kinds = new List<string>(3);
        if (listener.Tcp is not null)
        {
            kinds.Add("tcp");
            CheckTcp(listener.Tcp, $"{path}.tcp");
        }

        if (listener.Unix is not null)
        {
            kinds.Add("unix");
            CheckUnix(listener.Unix, $"{path}.unix");
        }

        if (listener.Serial is not null)
        {
            kinds.Add("serial");
            CheckNotEmpty(listener.Serial, $"{path}.serial", "the serial device");
        }

        if (kinds.Count != 1)
        {
            var found = kinds.Count == 0 ? "none" : string.Join(" and ", kinds);
            Error(path, $"a listener needs exactly one of 'tcp', 'unix' or 'serial'; found {found}");
        }

        if (listener.WebSocket is { } webSocket)
        {
            if (listener.Tcp is null)
            {
                Error($"{path}.websocket", "'websocket' is only valid on a 'tcp' listener");
            }

            if (!webSocket.Path.StartsWith('/'))
            {
                Error($"{path}.websocket.path", $"'{webSocket.Path}' is not an HTTP path; it must start with '/'");
            }

            CheckWebSocket(webSocket, $"{path}.websocket");
        }

        if (listener.Tls is { } tls)
        {
            if (listener.Tcp is null)
            {
                Error($"{path}.tls", "'tls' is only valid on a 'tcp' listener");
            }

            CheckTls(tls, $"{path}.tls");
        }

        if (!OctalMode.TryParse(listener.Mode, out _))
        {
            Error($"{path}.mode", $"'{listener.Mode}' is not an octal file mode such as \"0660\"");
        }

        if (listener.Baud < 1)
        {
            Error($"{path}.baud", $"{listener.Baud} is out of range; a baud rate is positive");
        }

        if (!ConfigVocabulary.Framings.Contains(listener.Framing))
        {
            Error($"{path}.framing", $"unknown framing '{listener.Framing}'; expected one of: {string.Join(", ", ConfigVocabulary.Framings)}");
        }

        CheckKnownItems(listener.AuthMethods, ConfigVocabulary.ListenerAuthMethods, $"{path}.authMethods", "authentication method");
        CheckKnownItems(listener.Serializers, ConfigVocabulary.Serializers, $"{path}.serializers", "serializer");
    }

    private void CheckTcp(string tcp, string path)
    {
        if (!TcpEndpoint.TryParse(tcp, out _, out var problem))
        {
            Error(path, problem);
        }
    }

    private void CheckUnix(string unix, string path)
    {
        if (string.IsNullOrWhiteSpace(unix))
        {
            Error(path, "the Unix socket path must not be empty");
        }
        else if (Path.IsPathRooted(unix) && Encoding.UTF8.GetByteCount(unix) > MaxUnixSocketPathBytes)
        {
            // Relative paths are checked when they are resolved, since the runtime directory is known only then.
            Error(path, $"a Unix socket path is at most {MaxUnixSocketPathBytes} bytes long");
        }
    }
}
