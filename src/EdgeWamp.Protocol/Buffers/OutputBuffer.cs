using System.Buffers;

namespace EdgeWamp.Protocol.Buffers;

/// <summary>
/// A reusable, growable byte buffer on <see cref="ArrayPool{T}"/>. Encoders write into it; after
/// warm-up it has the capacity it needs, so writing allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: one owner at a time (a connection, or the router under its lock).</remarks>
public sealed class OutputBuffer : IDisposable
{
    private byte[] _buffer;
    private int _written;

    public OutputBuffer(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Clear() => _written = 0;

    /// <summary>Returns a span of at least <paramref name="sizeHint"/> bytes to write into.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (_buffer.Length - _written < sizeHint)
        {
            Grow(sizeHint);
        }

        return _buffer.AsSpan(_written);
    }

    public void Advance(int count) => _written += count;

    public void Write(byte value)
    {
        GetSpan(1)[0] = value;
        _written++;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    /// <summary>Rewrites bytes already written, e.g. a length prefix once the length is known.</summary>
    public Span<byte> GetWrittenSpan(int start, int length) => _buffer.AsSpan(start, length);

    private void Grow(int sizeHint)
    {
        int needed = checked(_written + sizeHint);
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
