using System.Text;

namespace EdgeWamp.Transports.Http;

/// <summary>
/// The request line and header fields of one HTTP/1.1 request (RFC 9112, sections 3 and 5), parsed strictly:
/// what a careful client sends is accepted, anything ambiguous (bare LF, obsolete line folding, whitespace before a
/// colon, control characters, a second Host) is a bad request.
/// </summary>
internal sealed class HttpRequestHead
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private HttpRequestHead(string method, string target, List<KeyValuePair<string, string>> fields)
    {
        Method = method;
        Target = target;
        int query = target.IndexOf('?', StringComparison.Ordinal);
        Path = query < 0 ? target : target[..query];
        Query = query < 0 ? string.Empty : target[(query + 1)..];
        _fields = fields;
    }

    public string Method { get; }

    /// <summary>The request target as sent (origin form: path and query).</summary>
    public string Target { get; }

    public string Path { get; }

    /// <summary>The query without its '?', or empty.</summary>
    public string Query { get; }

    /// <summary>The first value of a header field (names compare case-insensitively), or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (KeyValuePair<string, string> field in _fields)
            {
                if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return field.Value;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Every comma-separated element of every field with this name (RFC 9110, section 5.6.1), trimmed, empty ones
    /// skipped: how list-valued fields such as Connection and Sec-WebSocket-Protocol are read.
    /// </summary>
    public List<string> ListElements(string name)
    {
        var elements = new List<string>();
        foreach (KeyValuePair<string, string> field in _fields)
        {
            if (!string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (string element in field.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                elements.Add(element);
            }
        }

        return elements;
    }

    /// <summary>Every value of the fields with this name, in order (for fields that are not comma lists, such as Cookie).</summary>
    public List<string> Values(string name)
    {
        var values = new List<string>();
        foreach (KeyValuePair<string, string> field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(field.Value);
            }
        }

        return values;
    }

    public int Count(string name)
    {
        int count = 0;
        foreach (KeyValuePair<string, string> field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Parses the head: everything before the empty line, each line ending in CRLF (the terminating empty line
    /// excluded). Returns null with <paramref name="problem"/> saying why when it is not a valid HTTP/1.1 request head.
    /// </summary>
    public static HttpRequestHead? TryParse(ReadOnlySpan<byte> head, out string problem)
    {
        int lineEnd = head.IndexOf("\r\n"u8);
        ReadOnlySpan<byte> requestLine = lineEnd < 0 ? head : head[..lineEnd];
        if (!TryParseRequestLine(requestLine, out string method, out string target, out problem))
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, string>>();
        ReadOnlySpan<byte> rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf("\r\n"u8);
            ReadOnlySpan<byte> line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            if (!TryParseField(line, out string name, out string value, out problem))
            {
                return null;
            }

            fields.Add(new(name, value));
        }

        var request = new HttpRequestHead(method, target, fields);
        // RFC 9112, section 3.2: a request without exactly one Host field is rejected with 400.
        if (request.Count("Host") != 1)
        {
            problem = "a request needs exactly one Host header field";
            return null;
        }

        problem = string.Empty;
        return request;
    }

    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out string method, out string target, out string problem)
    {
        method = target = string.Empty;
        int first = line.IndexOf((byte)' ');
        int last = line.LastIndexOf((byte)' ');
        if (first <= 0 || last <= first + 1)
        {
            problem = "the request line is not 'METHOD target HTTP/1.1'";
            return false;
        }

        ReadOnlySpan<byte> methodBytes = line[..first];
        ReadOnlySpan<byte> targetBytes = line[(first + 1)..last];
        ReadOnlySpan<byte> version = line[(last + 1)..];
        if (!IsToken(methodBytes))
        {
            problem = "the method is not a token";
            return false;
        }

        if (!version.SequenceEqual("HTTP/1.1"u8))
        {
            problem = "only HTTP/1.1 is served";
            return false;
        }

        // Origin form only (RFC 9112, section 3.2.1): a path starting with '/', visible ASCII, no spaces.
        if (targetBytes[0] != (byte)'/' || targetBytes.ContainsAnyExceptInRange((byte)'!', (byte)'~'))
        {
            problem = "the request target is not a path";
            return false;
        }

        method = Encoding.ASCII.GetString(methodBytes);
        target = Encoding.ASCII.GetString(targetBytes);
        problem = string.Empty;
        return true;
    }

    private static bool TryParseField(ReadOnlySpan<byte> line, out string name, out string value, out string problem)
    {
        name = value = string.Empty;
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            // Also catches obsolete line folding: a continuation line starts with whitespace, which is no token.
            problem = "a header line is not 'name: value'";
            return false;
        }

        if (!IsToken(line[..colon]))
        {
            problem = "a header field name is not a token (whitespace before the colon, or folding)";
            return false;
        }

        ReadOnlySpan<byte> raw = line[(colon + 1)..].Trim(" \t"u8);
        foreach (byte octet in raw)
        {
            // Field values are visible characters, spaces and tabs (RFC 9110, section 5.5); obs-text is allowed.
            if (octet is < 0x20 and not (byte)'\t' || octet == 0x7F)
            {
                problem = "a header field value holds a control character";
                return false;
            }
        }

        name = Encoding.ASCII.GetString(line[..colon]);
        value = Encoding.Latin1.GetString(raw);
        problem = string.Empty;
        return true;
    }

    // RFC 9110, section 5.6.2: token = 1*tchar.
    private static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (byte octet in text)
        {
            bool tchar = octet is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                || "!#$%&'*+-.^_`|~"u8.Contains(octet);
            if (!tchar)
            {
                return false;
            }
        }

        return true;
    }
}
