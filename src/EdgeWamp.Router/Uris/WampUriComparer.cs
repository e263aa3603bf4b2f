namespace EdgeWamp.Router.Uris;

/// <summary>Compares URIs by their bytes, and lets dictionaries be probed with a <see cref="ReadOnlySpan{T}"/> of frame bytes without allocating.</summary>
public sealed class WampUriComparer : IEqualityComparer<WampUri>, IAlternateEqualityComparer<ReadOnlySpan<byte>, WampUri>
{
    public static WampUriComparer Instance { get; } = new();

    public bool Equals(WampUri? x, WampUri? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Utf8.SequenceEqual(y.Utf8));

    public int GetHashCode(WampUri obj) => GetHashCode(obj.Utf8);

    public bool Equals(ReadOnlySpan<byte> alternate, WampUri other) => alternate.SequenceEqual(other.Utf8);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        // HashCode is seeded per process, so peers cannot choose URIs that collide on purpose.
        var hash = default(HashCode);
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public WampUri Create(ReadOnlySpan<byte> alternate) => new(alternate);
}
