using System.Text;

namespace EdgeWamp.Router.Uris;

/// <summary>
/// An owned, UTF-8 WAMP URI used as a dictionary key. Created on the cold path (SUBSCRIBE, REGISTER);
/// the hot path looks keys up by the frame's bytes through <see cref="WampUriComparer"/>.
/// </summary>
public sealed class WampUri
{
    private readonly byte[] _utf8;

    public WampUri(ReadOnlySpan<byte> utf8)
    {
        _utf8 = utf8.ToArray();
    }

    public ReadOnlySpan<byte> Utf8 => _utf8;

    public override string ToString() => Encoding.UTF8.GetString(_utf8);
}
