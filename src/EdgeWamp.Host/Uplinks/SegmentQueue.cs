using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EdgeWamp.Client;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// The on-disk store-and-forward queue of one uplink: append-only segment files plus a small offset file that records
/// the last acknowledged sequence number, so flash sees sequential appends and one tiny rewrite per acknowledgement
/// (like NanoMQ's bridge cache or a Kafka log, much smaller).
/// </summary>
/// <remarks>
/// Layout of <c>directory</c>:
/// <code>
/// 00000000000000000001.seg   records with sequence numbers from 1, appended until the segment passes SegmentBytes
/// 00000000000000000412.seg   the next segment, named after its first sequence number
/// offset                     16 bytes: last acknowledged sequence (u64 LE), messages dropped so far (u64 LE)
/// </code>
/// A record: length (u32 LE, of what follows the CRC), CRC-16/CCITT-FALSE of that body (u16 LE), then the body:
/// sequence (u64 LE), enqueue time in Unix milliseconds (i64 LE), serializer (u8), payload item count (u8), topic length
/// (u16 LE), topic (UTF-8), payload. On open, a record that is cut short or fails its CRC (a write torn by a crash or
/// power loss) ends its segment: the file is truncated there, so appends continue on clean ground.
/// Bounds: when the pending bytes pass MaxBytes, or the oldest record is older than MaxAge, the oldest records are
/// dropped and counted in <see cref="Dropped"/>. Not thread-safe: the owner serializes calls.
/// </remarks>
internal sealed class SegmentQueue : IDisposable
{
    public static readonly TimeSpan BatchInterval = TimeSpan.FromSeconds(1);

    private const int PrefixLength = 6;      // length u32 + CRC u16
    private const int FixedBodyLength = 20;  // sequence, time, serializer, count, topic length
    private const string SegmentSuffix = ".seg";
    private const string OffsetFileName = "offset";
    private const int OffsetFileLength = 16;

    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly TimeSpan _maxAge;
    private readonly FsyncPolicy _fsync;
    private readonly TimeProvider _time;
    private readonly long _segmentBytes;
    private readonly LinkedList<RecordIndex> _pending = new();
    private readonly List<Segment> _segments = [];
    private FileStream? _tail;
    private ulong _nextSequence = 1;
    private ulong _acknowledged;
    private long _lastSync;
    private bool _dirty;

    public SegmentQueue(string directory, long maxBytes, TimeSpan maxAge, FsyncPolicy fsync, TimeProvider time)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _maxAge = maxAge;
        _fsync = fsync;
        _time = time;
        // Four segments per bound, so dropping or acknowledging frees space in steps of a quarter; at most 1 MiB each.
        _segmentBytes = Math.Clamp(maxBytes / 4, 4096, 1 << 20);
        Directory.CreateDirectory(directory);
        Open();
    }

    /// <summary>Messages waiting to be sent.</summary>
    public int Count => _pending.Count;

    /// <summary>Bytes of the messages waiting (record sizes on disk).</summary>
    public long PendingBytes { get; private set; }

    /// <summary>Messages dropped because a bound was exceeded, since the queue was created (kept across restarts).</summary>
    public ulong Dropped { get; private set; }

    /// <summary>Records found damaged and cut off on open.</summary>
    public int TruncatedRecords { get; private set; }

    /// <summary>Appends one message; returns how many old messages the bounds then dropped.</summary>
    public int Enqueue(string topic, WampPayload payload)
    {
        byte[] topicBytes = Encoding.UTF8.GetBytes(topic);
        int bodyLength = FixedBodyLength + topicBytes.Length + payload.Bytes.Length;
        byte[] record = new byte[PrefixLength + bodyLength];
        Span<byte> body = record.AsSpan(PrefixLength);
        ulong sequence = _nextSequence++;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteUInt64LittleEndian(body, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], now);
        body[16] = (byte)payload.Serializer;
        body[17] = (byte)payload.Count;
        BinaryPrimitives.WriteUInt16LittleEndian(body[18..], checked((ushort)topicBytes.Length));
        topicBytes.CopyTo(body[FixedBodyLength..]);
        payload.Bytes.Span.CopyTo(body[(FixedBodyLength + topicBytes.Length)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)bodyLength);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), Crc16.Compute(body));

        FileStream tail = TailFor(sequence);
        long position = tail.Length;
        tail.Write(record);
        tail.Flush(flushToDisk: false);
        Segment segment = _segments[^1];
        segment.LastSequence = sequence;
        _pending.AddLast(new RecordIndex(sequence, now, segment, position, record.Length));
        PendingBytes += record.Length;
        _dirty = true;
        Sync(force: _fsync == FsyncPolicy.Always);
        return DropBeyondBounds();
    }

    /// <summary>The oldest waiting message (after dropping those past the age bound), or null when the queue is empty.</summary>
    public QueuedMessage? Peek()
    {
        DropBeyondBounds();
        if (_pending.First is not { } first)
        {
            return null;
        }

        RecordIndex index = first.Value;
        byte[] record = new byte[index.Length];
        using (var file = new FileStream(index.Segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            file.Position = index.Position;
            file.ReadExactly(record);
        }

        return Decode(record, out QueuedMessage? message) ? message : throw new InvalidDataException($"queue record {index.Sequence} in {index.Segment.Path} changed on disk");
    }

    /// <summary>The upstream took every message up to <paramref name="sequence"/>: forget them, delete spent segments.</summary>
    public void Acknowledge(ulong sequence)
    {
        while (_pending.First is { } first && first.Value.Sequence <= sequence)
        {
            PendingBytes -= first.Value.Length;
            _pending.RemoveFirst();
        }

        _acknowledged = Math.Max(_acknowledged, sequence);
        WriteOffset();
        DeleteSpentSegments();
    }

    /// <summary>Puts what is written on the medium if the policy wants it now (Batch: once per interval).</summary>
    public void Sync(bool force = false)
    {
        if (!_dirty || _fsync == FsyncPolicy.Never || _tail is null)
        {
            return;
        }

        long now = _time.GetTimestamp();
        if (!force && _time.GetElapsedTime(_lastSync, now) < BatchInterval)
        {
            return;
        }

        _tail.Flush(flushToDisk: true);
        _lastSync = now;
        _dirty = false;
    }

    public void Dispose()
    {
        if (_tail is not null)
        {
            _tail.Flush(flushToDisk: _fsync != FsyncPolicy.Never);
            _tail.Dispose();
            _tail = null;
        }
    }

    private int DropBeyondBounds()
    {
        int dropped = 0;
        long oldestKept = _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_maxAge.TotalMilliseconds;
        ulong last = 0;
        while (_pending.First is { } first && (PendingBytes > _maxBytes || first.Value.UnixMilliseconds < oldestKept))
        {
            last = first.Value.Sequence;
            PendingBytes -= first.Value.Length;
            _pending.RemoveFirst();
            dropped++;
        }

        if (dropped > 0)
        {
            Dropped += (ulong)dropped;
            _acknowledged = Math.Max(_acknowledged, last);
            WriteOffset();
            DeleteSpentSegments();
        }

        return dropped;
    }

    private FileStream TailFor(ulong sequence)
    {
        if (_tail is not null && _tail.Length < _segmentBytes)
        {
            return _tail;
        }

        if (_tail is not null)
        {
            _tail.Flush(flushToDisk: _fsync != FsyncPolicy.Never);
            _tail.Dispose();
        }

        var segment = new Segment(Path.Combine(_directory, sequence.ToString("D20", CultureInfo.InvariantCulture) + SegmentSuffix), sequence);
        _segments.Add(segment);
        _tail = new FileStream(segment.Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return _tail;
    }

    /// <summary>Deletes segments whose every record is acknowledged, except the one being appended to.</summary>
    private void DeleteSpentSegments()
    {
        while (_segments.Count > 1 && _segments[0].LastSequence <= _acknowledged)
        {
            File.Delete(_segments[0].Path);
            _segments.RemoveAt(0);
        }

        if (_segments.Count == 1 && _pending.Count == 0 && _segments[0].LastSequence <= _acknowledged && _tail is not null && _tail.Length >= _segmentBytes)
        {
            // The full tail is spent too: the next message starts a new segment.
            _tail.Dispose();
            _tail = null;
            File.Delete(_segments[0].Path);
            _segments.Clear();
        }
    }

    /// <summary>Rewrites the 16-byte offset file through a temporary file and a rename, so a crash leaves the old or the new one.</summary>
    private void WriteOffset()
    {
        Span<byte> content = stackalloc byte[OffsetFileLength];
        BinaryPrimitives.WriteUInt64LittleEndian(content, _acknowledged);
        BinaryPrimitives.WriteUInt64LittleEndian(content[8..], Dropped);
        string path = Path.Combine(_directory, OffsetFileName);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(content);
            file.Flush(flushToDisk: _fsync == FsyncPolicy.Always);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the offset file and every segment; damaged tails are truncated, acknowledged records skipped.</summary>
    private void Open()
    {
        string offsetPath = Path.Combine(_directory, OffsetFileName);
        if (File.Exists(offsetPath))
        {
            byte[] content = File.ReadAllBytes(offsetPath);
            if (content.Length == OffsetFileLength)
            {
                _acknowledged = BinaryPrimitives.ReadUInt64LittleEndian(content);
                Dropped = BinaryPrimitives.ReadUInt64LittleEndian(content.AsSpan(8));
            }
        }

        _nextSequence = _acknowledged + 1;
        string[] paths = Directory.GetFiles(_directory, "*" + SegmentSuffix);
        Array.Sort(paths, StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (!ulong.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out ulong first))
            {
                continue;
            }

            var segment = new Segment(path, first) { LastSequence = first - 1 };
            ReadSegment(segment);
            if (segment.LastSequence < first || segment.LastSequence <= _acknowledged)
            {
                // Empty or spent: nothing in it is needed.
                File.Delete(path);
                continue;
            }

            _segments.Add(segment);
            _nextSequence = Math.Max(_nextSequence, segment.LastSequence + 1);
        }

        if (_segments.Count > 0)
        {
            _tail = new FileStream(_segments[^1].Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
    }

    private void ReadSegment(Segment segment)
    {
        byte[] data = File.ReadAllBytes(segment.Path);
        int position = 0;
        while (position < data.Length)
        {
            if (data.Length - position < PrefixLength + FixedBodyLength)
            {
                break;
            }

            int bodyLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(position)), int.MaxValue);
            if (bodyLength < FixedBodyLength || bodyLength > data.Length - position - PrefixLength)
            {
                break;
            }

            ReadOnlySpan<byte> body = data.AsSpan(position + PrefixLength, bodyLength);
            if (Crc16.Compute(body) != BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(position + 4)))
            {
                break;
            }

            ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(body);
            long time = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
            int length = PrefixLength + bodyLength;
            segment.LastSequence = sequence;
            if (sequence > _acknowledged)
            {
                _pending.AddLast(new RecordIndex(sequence, time, segment, position, length));
                PendingBytes += length;
            }

            position += length;
        }

        if (position < data.Length)
        {
            TruncatedRecords++;
            using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.Write, FileShare.None);
            file.SetLength(position);
            file.Flush(flushToDisk: true);
        }
    }

    private static bool Decode(byte[] record, out QueuedMessage? message)
    {
        message = null;
        ReadOnlySpan<byte> body = record.AsSpan(PrefixLength);
        if (Crc16.Compute(body) != BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(4)))
        {
            return false;
        }

        ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(body);
        long time = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        var serializer = (WampSerializer)body[16];
        int count = body[17];
        int topicLength = BinaryPrimitives.ReadUInt16LittleEndian(body[18..]);
        string topic = Encoding.UTF8.GetString(body.Slice(FixedBodyLength, topicLength));
        byte[] payload = body[(FixedBodyLength + topicLength)..].ToArray();
        message = new QueuedMessage(sequence, DateTimeOffset.FromUnixTimeMilliseconds(time), topic, new WampPayload(serializer, payload, count));
        return true;
    }

    private sealed class Segment(string path, ulong firstSequence)
    {
        public string Path { get; } = path;

        public ulong FirstSequence { get; } = firstSequence;

        public ulong LastSequence { get; set; }
    }

    private readonly record struct RecordIndex(ulong Sequence, long UnixMilliseconds, Segment Segment, long Position, int Length);
}
