namespace EdgeWamp.Router.Broker;

/// <summary>
/// The last events delivered to one subscription (WAMP spec, "Event History"), oldest first, in a ring of fixed
/// length: once full, each new event overwrites the oldest.
/// </summary>
internal sealed class EventHistory
{
    private readonly StoredEvent[] _ring;
    private int _next;

    public EventHistory(int length)
    {
        _ring = new StoredEvent[length];
        for (int i = 0; i < length; i++)
        {
            _ring[i] = new StoredEvent();
        }
    }

    public int Count { get; private set; }

    /// <summary>The slot to overwrite with the newest event.</summary>
    public StoredEvent NextSlot()
    {
        StoredEvent slot = _ring[_next];
        _next = (_next + 1) % _ring.Length;
        Count = Math.Min(Count + 1, _ring.Length);
        return slot;
    }

    /// <summary>The stored event at <paramref name="index"/> in order of occurrence (0 = oldest).</summary>
    public StoredEvent this[int index] => _ring[(_next - Count + index + _ring.Length) % _ring.Length];
}
