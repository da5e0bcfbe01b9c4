#!/usr/bin/env bash
# Fails when README.md or docs/ (docs/*.md, docs/formats/*.md) sends the reader somewhere that is
# not there, or out of the repository:
#   - a relative markdown link [text](path) or [text](path#anchor) to a file that does not exist,
#     or to a heading (GitHub's anchor for it) that the target file does not have;
#   - a same-file link [text](#anchor) to a heading the file does not have;
#   - a repository path written as code, `docs/...`, `scripts/...`, `src/...`, `apps/...`,
#     `tests/...`, `fuzz/...`, `cmake/...` (globs allowed), that matches nothing;
#   - a link or code path that leaves the repository (`../...`). The one exception is the test
#     fixtures in `../shared/fixtures`, which docs may name as test inputs.
# Fenced code blocks are not checked. Usage: bash scripts/check-doc-links.sh [FILE.md...]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ]; then set -- README.md docs/*.md docs/formats/*.md; fi
command -v perl >/dev/null || { echo "check-doc-links: perl is not on PATH" >&2; exit 1; }

perl -CSD -Mstrict -Mwarnings -MFile::Basename=dirname -MFile::Spec -MCwd=abs_path -e '
  my $root = abs_path(".");
  my %anchors;  # file -> { anchor => 1 }
  sub read_lines { my ($f) = @_; open(my $in, "<:encoding(UTF-8)", $f) or return; my @l = <$in>; return @l }
  # GitHub: lower case, drop what is not a letter, digit, space, "-" or "_", spaces to "-";
  # a repeated heading gets "-1", "-2", ...
  sub anchors_of {
    my ($file) = @_;
    return $anchors{$file} if $anchors{$file};
    my (%set, %seen, $fence);
    for (read_lines($file)) {
      if (/^\s*(```|~~~)/) { $fence = !$fence; next }
      next if $fence || !/^#{1,6}\s+(.*?)\s*#*\s*$/;
      my $slug = lc $1;
      $slug =~ s/[^\p{L}\p{N}\s_-]//g;
      $slug =~ s/\s/-/g;
      my $n = $seen{$slug}++;
      $set{$n ? "$slug-$n" : $slug} = 1;
    }
    return $anchors{$file} = \%set;
  }
  my $errors = 0;
  sub problem { my ($where, $what) = @_; print STDERR "$where: $what\n"; $errors++ }
  sub inside { my ($path) = @_; my $abs = File::Spec->rel2abs($path); $abs =~ s{/\./}{/}g;
    1 while $abs =~ s{/[^/]+/\.\.(/|$)}{$1}; return index("$abs/", "$root/") == 0 }
  sub fixture { return $_[0] =~ m{^\.\./shared/fixtures(/|$)} }

  for my $file (@ARGV) {
    my $dir = dirname($file);
    my $fence = 0;
    my $n = 0;
    for my $line (read_lines($file)) {
      $n++;
      if ($line =~ /^\s*(```|~~~)/) { $fence = !$fence; next }
      next if $fence;
      my $where = "$file:$n";
      # Markdown links (not images of remote files, not URLs).
      while ($line =~ /\]\(([^)\s]+)\)/g) {
        my $target = $1;
        next if $target =~ m{^[a-z][a-z0-9+.-]*:}i;  # http:, https:, mailto:
        my ($path, $anchor) = split /#/, $target, 2;
        my $resolved = $path eq "" ? $file : ($dir eq "." ? $path : "$dir/$path");
        if ($path ne "" && !inside($resolved) && !fixture($path)) {
          problem($where, "link \"$target\" leaves the repository");
        } elsif (!-e $resolved) {
          problem($where, "link \"$target\": $resolved does not exist");
        } elsif (defined $anchor && $anchor ne "" && $resolved =~ /\.md$/ &&
                 !anchors_of($resolved)->{$anchor}) {
          problem($where, "link \"$target\": $resolved has no heading with the anchor #$anchor");
        }
      }
      # Paths written as code.
      while ($line =~ /`([^`\s]+)`/g) {
        my $code = $1;
        if ($code =~ m{^\.\./} && !fixture($code)) {
          problem($where, "`$code` is outside the repository; docs must not send readers there");
          next;
        }
        next unless $code =~ m{^(docs|scripts|src|apps|tests|fuzz|cmake|deploy|bench)/[\w./*-]*$};
        $code =~ s/[.,;:]+$//;
        my @matches = grep { -e } glob($code);
        problem($where, "`$code` matches no file in the repository") unless @matches;
      }
    }
  }
  if ($errors) { print STDERR "check-doc-links: $errors broken reference(s)\n"; exit 1 }
  print "check-doc-links: every link and repository path in ", scalar(@ARGV), " files resolves\n";
' "$@"
