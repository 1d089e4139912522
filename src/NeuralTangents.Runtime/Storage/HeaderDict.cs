using System.Globalization;

namespace NeuralTangents.Storage;

/// <summary>
/// Parses the Python dict literal of a <c>.npy</c> header, <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>:
/// exactly those three keys, string keys and values in single or double quotes, <c>True</c>/<c>False</c>, and a tuple of
/// non-negative integers. Nothing else of Python is accepted.
/// </summary>
internal ref struct HeaderDict
{
    private readonly string _text;
    private readonly string _path;
    private int _at;

    private HeaderDict(string text, string path)
    {
        _text = text;
        _path = path;
        _at = 0;
    }

    /// <summary>The three entries of the header dict.</summary>
    /// <exception cref="NpyFormatException">The header is not such a dict.</exception>
    public static (string Descr, bool FortranOrder, int[] Shape) Parse(string text, string path)
    {
        var parser = new HeaderDict(text, path);
        return parser.Dict();
    }

    private (string, bool, int[]) Dict()
    {
        string? descr = null;
        bool? fortran = null;
        int[]? shape = null;
        Expect('{');
        while (!TryTake('}'))
        {
            string key = String();
            Expect(':');
            switch (key)
            {
                case "descr" when descr is null: descr = String(); break;
                case "fortran_order" when fortran is null: fortran = Bool(); break;
                case "shape" when shape is null: shape = Tuple(); break;
                case "descr" or "fortran_order" or "shape": throw Malformed($"the key '{key}' appears twice");
                default: throw Malformed($"unexpected key '{key}' (expected only 'descr', 'fortran_order' and 'shape')");
            }
            if (!TryTake(',')) { Expect('}'); break; }
        }
        SkipSpace();
        if (_at != _text.Length) throw Malformed($"unexpected text after the dict: '{Excerpt()}'");
        if (descr is null || fortran is null || shape is null)
            throw Malformed("the dict lacks " + string.Join(", ", new[] { descr is null ? "'descr'" : null, fortran is null ? "'fortran_order'" : null, shape is null ? "'shape'" : null }.OfType<string>()));
        return (descr, fortran.Value, shape);
    }

    private string String()
    {
        SkipSpace();
        char quote = Peek();
        if (quote is not ('\'' or '"')) throw Malformed($"expected a quoted string at '{Excerpt()}'");
        int end = _text.IndexOf(quote, _at + 1);
        if (end < 0) throw Malformed("an unterminated string");
        string value = _text[(_at + 1)..end];
        _at = end + 1;
        return value;
    }

    private bool Bool()
    {
        SkipSpace();
        if (_text.AsSpan(_at).StartsWith("True")) { _at += 4; return true; }
        if (_text.AsSpan(_at).StartsWith("False")) { _at += 5; return false; }
        throw Malformed($"expected True or False at '{Excerpt()}'");
    }

    private int[] Tuple()
    {
        Expect('(');
        var axes = new List<int>();
        while (!TryTake(')'))
        {
            SkipSpace();
            int start = _at;
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at])) _at++;
            if (_at == start) throw Malformed($"expected a non-negative integer in the shape at '{Excerpt()}'");
            // Python writes large ints plainly and sometimes with an L suffix (Python 2 files).
            if (!int.TryParse(_text.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture, out int axis))
                throw Malformed($"the shape axis {_text[start.._at]} exceeds {int.MaxValue}");
            if (_at < _text.Length && _text[_at] == 'L') _at++;
            axes.Add(axis);
            if (!TryTake(',')) { Expect(')'); break; }
        }
        return axes.ToArray();
    }

    private void Expect(char c)
    {
        if (!TryTake(c)) throw Malformed($"expected '{c}' at '{Excerpt()}'");
    }

    private bool TryTake(char c)
    {
        SkipSpace();
        if (_at < _text.Length && _text[_at] == c) { _at++; return true; }
        return false;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void SkipSpace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\n' or '\t' or '\r') _at++;
    }

    private string Excerpt() => _at >= _text.Length ? "end of header" : _text.Substring(_at, Math.Min(20, _text.Length - _at));

    private NpyFormatException Malformed(string problem) =>
        new(_path, $"malformed header: {problem}; expected a dict like {{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, found \"{_text.TrimEnd()}\".");
}
