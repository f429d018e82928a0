#include "core/yamldoc.h"

int dd_yaml_load(yaml_document_t *doc, const char *data, size_t len, const char *path,
                 dd_error_kind kind, dd_error *e)
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    int rc = 0;
    if (!yaml_parser_load(&parser, doc))
        rc = dd_error_set(e, kind, 0, "%s:%zu:%zu: invalid YAML: %s", path,
                          parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                          parser.problem ? parser.problem : "syntax error");
    yaml_parser_delete(&parser);
    return rc;
}
