using System.Text.Json;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// Loads the board file the configuration names: a built-in board (<c>sim</c>, <c>rpi4</c>, <c>rpi5</c>,
/// <c>zero2w</c>: firmware-configs/, embedded in the binary), <c>none</c>, or a path to a JSON file. Errors are
/// located in the board file like configuration errors (path, line, column).
/// </summary>
internal static class BoardLoader
{
    private const string ResourcePrefix = "EdgeWamp.Host.boards.";

    /// <summary>Whether <paramref name="board"/> names a file rather than a built-in board.</summary>
    public static bool IsPath(string board) =>
        board.Contains('/', StringComparison.Ordinal) || board.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads and checks the board; on failure <paramref name="board"/> is null and <paramref name="errors"/> says why.</summary>
    public static bool TryLoad(string name, out BoardConfig? board, out IReadOnlyList<ConfigError> errors)
    {
        board = null;
        if (name == DeviceVocabulary.BoardNone)
        {
            board = new BoardConfig { Name = DeviceVocabulary.BoardNone };
            errors = [];
            return true;
        }

        byte[] bytes;
        string source;
        if (IsPath(name))
        {
            source = name;
            try
            {
                bytes = File.ReadAllBytes(name);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                errors = [new ConfigError(name, JsonPath.Root, TextPosition.None, exception is FileNotFoundException or DirectoryNotFoundException ? "no such board file" : $"cannot read the board file: {exception.Message}")];
                return false;
            }
        }
        else
        {
            source = $"<built-in board {name}>";
            using Stream? stream = typeof(BoardLoader).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json");
            if (stream is null)
            {
                errors = [new ConfigError(source, JsonPath.Root, TextPosition.None, $"unknown board '{name}'; use one of {string.Join(", ", DeviceVocabulary.BuiltInBoards)}, \"none\", or the path of a board file")];
                return false;
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        return TryParse(bytes, source, out board, out errors);
    }

    /// <summary>Parses and checks a board file's text.</summary>
    public static bool TryParse(byte[] utf8Json, string source, out BoardConfig? board, out IReadOnlyList<ConfigError> errors)
    {
        board = null;
        var text = new SourceText(utf8Json);
        SchemaWalkResult walk = SchemaWalker.Walk(text, source, ConfigSchema.Board);
        var found = new List<ConfigError>(walk.Errors);
        if (walk.CleanedUtf8 is not null)
        {
            try
            {
                board = JsonSerializer.Deserialize(walk.CleanedUtf8, EdgeWampJsonContext.Default.BoardConfig);
            }
            catch (JsonException exception)
            {
                found.Add(new ConfigError(source, exception.Path ?? JsonPath.Root, TextPosition.None, exception.Message));
            }
        }

        if (board is not null)
        {
            var semantic = new List<ValidationError>();
            DeviceEntryRules.CheckEntries(board.Pins, board.Sensors, "$", semantic);
            foreach (ValidationError error in semantic)
            {
                if (!walk.ErrorPaths.Any(reported => JsonPath.IsSameOrWithin(error.Path, reported)))
                {
                    found.Add(new ConfigError(source, error.Path, text.GetPosition(walk.Locations.Find(error.Path)), error.Message));
                }
            }
        }

        errors = found;
        if (found.Count > 0)
        {
            board = null;
            return false;
        }

        return board is not null;
    }
}
