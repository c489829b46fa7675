#pragma once
// The umbrella header: everything an app uses.
#include "chainlit/app/app.hpp"
#include "chainlit/app/config.hpp"
#include "chainlit/core/ids.hpp"
#include "chainlit/core/json.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/core/time.hpp"
#include "chainlit/core/version.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"
#include "chainlit/http/router.hpp"
#include "chainlit/http/static_files.hpp"
