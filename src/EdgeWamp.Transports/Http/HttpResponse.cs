using System.Text;

namespace EdgeWamp.Transports.Http;

/// <summary>Writes the router's few plain HTTP/1.1 responses; each ends the connection (Connection: close).</summary>
internal static class HttpResponse
{
    /// <summary>A response with a text or JSON body; <paramref name="headers"/> are extra "Name: value" lines.</summary>
    public static async Task WriteAsync(Stream stream, int status, string body, CancellationToken cancellationToken, string contentType = "text/plain; charset=utf-8", params string[] headers)
    {
        await WriteAsync(stream, status, Encoding.UTF8.GetBytes(body), contentType, cancellationToken, headers).ConfigureAwait(false);
    }

    /// <summary>A response with a binary body (or none, for 202 and 204).</summary>
    public static async Task WriteAsync(Stream stream, int status, byte[] bodyBytes, string contentType, CancellationToken cancellationToken, params string[] headers)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(ReasonPhrase(status)).Append("\r\n");
        // RFC 9110, section 8.6: a 204 carries no Content-Length.
        if (status != 204)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            head.Append("Content-Length: ").Append(bodyBytes.Length).Append("\r\n");
        }

        head.Append("Connection: close\r\n");
        foreach (string header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(bodyBytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        410 => "Gone",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        426 => "Upgrade Required",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };
}
