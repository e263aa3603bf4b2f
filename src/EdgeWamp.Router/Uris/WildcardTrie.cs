namespace EdgeWamp.Router.Uris;

/// <summary>
/// Wildcard patterns ("a..c") by component: each node has children by component text and one child for the
/// wildcard (empty) component. Matching a URI walks at most both branches per component, so its cost depends
/// on the URI and the patterns that overlap it, not on how many patterns there are.
/// </summary>
internal sealed class WildcardTrie<TEntry>
    where TEntry : class
{
    private readonly Node _root = new();

    public void Add(ReadOnlySpan<byte> pattern, TEntry entry) => GetOrCreate(pattern).Entry = entry;

    public bool Remove(ReadOnlySpan<byte> pattern)
    {
        Node? node = Find(pattern);
        if (node?.Entry is null)
        {
            return false;
        }

        // Nodes are kept: patterns come and go on the cold path, and an empty node costs one lookup.
        node.Entry = null;
        return true;
    }

    public TEntry? Get(ReadOnlySpan<byte> pattern) => Find(pattern)?.Entry;

    /// <summary>Appends every entry whose pattern matches <paramref name="uri"/>.</summary>
    public void CollectMatches(ReadOnlySpan<byte> uri, List<TEntry> matches) => Collect(_root, uri, matches);

    private static void Collect(Node node, ReadOnlySpan<byte> uri, List<TEntry> matches)
    {
        int dot = uri.IndexOf((byte)'.');
        ReadOnlySpan<byte> component = dot < 0 ? uri : uri[..dot];
        ReadOnlySpan<byte> rest = dot < 0 ? default : uri[(dot + 1)..];
        bool last = dot < 0;
        if (node.Children is not null && node.ChildrenByText.TryGetValue(component, out Node? exact))
        {
            Visit(exact, last, rest, matches);
        }

        if (node.Wildcard is not null && !component.IsEmpty)
        {
            Visit(node.Wildcard, last, rest, matches);
        }
    }

    private static void Visit(Node node, bool last, ReadOnlySpan<byte> rest, List<TEntry> matches)
    {
        if (last)
        {
            if (node.Entry is not null)
            {
                matches.Add(node.Entry);
            }
        }
        else
        {
            Collect(node, rest, matches);
        }
    }

    private Node GetOrCreate(ReadOnlySpan<byte> pattern)
    {
        Node node = _root;
        while (true)
        {
            int dot = pattern.IndexOf((byte)'.');
            ReadOnlySpan<byte> component = dot < 0 ? pattern : pattern[..dot];
            if (component.IsEmpty)
            {
                node = node.Wildcard ??= new Node();
            }
            else
            {
                node.Children ??= new Dictionary<WampUri, Node>(WampUriComparer.Instance);
                if (!node.ChildrenByText.TryGetValue(component, out Node? child))
                {
                    child = new Node();
                    node.Children.Add(new WampUri(component), child);
                }

                node = child;
            }

            if (dot < 0)
            {
                return node;
            }

            pattern = pattern[(dot + 1)..];
        }
    }

    private Node? Find(ReadOnlySpan<byte> pattern)
    {
        Node? node = _root;
        while (node is not null)
        {
            int dot = pattern.IndexOf((byte)'.');
            ReadOnlySpan<byte> component = dot < 0 ? pattern : pattern[..dot];
            node = component.IsEmpty ? node.Wildcard
                : node.Children is not null && node.ChildrenByText.TryGetValue(component, out Node? child) ? child
                : null;
            if (dot < 0)
            {
                return node;
            }

            pattern = pattern[(dot + 1)..];
        }

        return null;
    }

    private sealed class Node
    {
        public Dictionary<WampUri, Node>? Children { get; set; }

        public Dictionary<WampUri, Node>.AlternateLookup<ReadOnlySpan<byte>> ChildrenByText => Children!.GetAlternateLookup<ReadOnlySpan<byte>>();

        public Node? Wildcard { get; set; }

        public TEntry? Entry { get; set; }
    }
}
